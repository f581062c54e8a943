"""Operations: locks against overlapping runs, run-all, the scheduler.

A run of any job takes its job's lock (:mod:`.lock`), so a scheduled run and
a hand run never write at the same time. ``run-all`` runs the jobs once in
one process (sharing one site and its cached site info); ``schedule`` runs
each job as a child process on the configured timetable, so one failing or
hanging job never stops the others.
"""
