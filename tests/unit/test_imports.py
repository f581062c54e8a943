"""Job modules must not import pywikibot when imported: the CLI imports them to
build its parser *before* it points pywikibot at the configuration folder, and
pywikibot reads its configuration once, on first import."""
import subprocess
import sys

import pytest


@pytest.mark.parametrize("module", ["ldwg_bot.cli", "ldwg_bot.updates.job", "ldwg_bot.feedback.job",
                                    "ldwg_bot.translations.job", "ldwg_bot.ops.runall",
                                    "ldwg_bot.ops.scheduler", "ldwg_bot.config", "ldwg_bot.devwiki"])
def test_no_pywikibot_on_import(module):
    code = f"import sys, {module}; sys.exit('pywikibot' in sys.modules)"
    assert subprocess.run([sys.executable, "-c", code]).returncode == 0, f"{module} imports pywikibot"
