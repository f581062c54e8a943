<?php
// Runs the vendored Translate (REL1_39) page parser on stdin; prints JSON.
// Usage: php translate_parse.php <Translate dir> < page.wiki
declare( strict_types = 1 );

$dir = $argv[1] . '/src';
require $dir . '/Utilities/ParsingPlaceholderFactory.php';
foreach ( [ 'ParsingFailure', 'Section', 'ParserOutput', 'TranslationVariable',
	'TranslationUnit', 'TranslatablePageParser' ] as $class ) {
	require "$dir/PageTranslation/$class.php";
}

use MediaWiki\Extension\Translate\PageTranslation\ParsingFailure;
use MediaWiki\Extension\Translate\PageTranslation\TranslatablePageParser;
use MediaWiki\Extension\Translate\Utilities\ParsingPlaceholderFactory;

$text = stream_get_contents( STDIN );
$parser = new TranslatablePageParser( new ParsingPlaceholderFactory() );
try {
	$output = $parser->parse( $text );
} catch ( ParsingFailure $e ) {
	echo json_encode( [ 'error' => $e->getMessage() ] );
	exit( 0 );
}
$units = [];
foreach ( $output->units() as $unit ) {
	$vars = [];
	foreach ( $unit->getVariables() as $var ) {
		$vars[$var->getName()] = $var->getValue();
	}
	$units[] = [ 'id' => $unit->id, 'text' => $unit->text, 'inline' => $unit->isInline(),
		'for_translators' => $unit->getTextWithVariables(), 'vars' => $vars ];
}
echo json_encode( [
	'units' => $units,
	'saved' => $output->sourcePageTextForSaving(),
	'rendered' => $parser->cleanupTags( $text ),
], JSON_UNESCAPED_UNICODE );
