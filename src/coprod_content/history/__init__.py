"""Versions of modules: releases kept as git tags, what a server publishes, what changed.

``repository`` reads the release tags ``<module-id>@<version>`` and a module's files at a
tag from git; ``releasing`` makes a release (check, record why, commit, tag); ``catalog``
is what a server publishes (the latest release of each module and every released
version); ``changes`` says what changed between two versions, with ``word_diff`` for the
words a learner reads; ``semver`` orders versions. Depends only on the core (model,
loading, rich text, quiz), never on the API, the packages or the command line.
"""
