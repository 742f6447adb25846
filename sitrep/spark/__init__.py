"""Running sitrep's stages on Apache Spark: ``job.py`` (the job), ``session.py`` (the session), ``command.py`` (CLI)."""
