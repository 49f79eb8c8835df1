"""Every error the package reports to a user, in one place. Each message names the file (or folder,
parameter) and what is wrong; the command line turns them into exit code 2 (nothing could start) or a
clear line."""
from __future__ import annotations

from pathlib import Path


class ConfigError(ValueError):
    """A codebook, lexicon, pattern or actor file that cannot be used, with where and how to fix it."""

    def __init__(self, file: str | Path, message: str, line: int | None = None, fix: str = ""):
        self.file, self.line, self.fix = str(file), line, fix
        where = f"{file}:{line}" if line else f"{file}"
        text = f"{where}: {message}"
        if fix:
            text += f" (fix: {fix})"
        super().__init__(text)


class CorrectionsError(ConfigError):
    """A corrections file (or a decision to record) that cannot be used: the file, the line and what is wrong."""


class DnaError(ConfigError):
    """A DNA export or mapping file that cannot be read: the file, the line and what is wrong."""


class RunExists(FileExistsError):
    """The output folder already holds a run and `force` was not given."""


class RunError(ValueError):
    """A run folder, corpus folder or parameter that cannot be read; the message names it and what is wrong."""


class EmptyCorpus(RunError):
    """A corpus folder holding no article file: nothing to extract."""

    def __init__(self, folder: str | Path, ignored: list[str] = ()):
        self.folder, self.ignored = Path(folder), list(ignored)
        formats = ".txt, .md, .html, .json"
        if self.ignored:
            shown = ", ".join(self.ignored[:3]) + (f" and {len(self.ignored) - 3} more" if len(self.ignored) > 3 else "")
            found = f"only files that are not articles ({shown})"
        else:
            found = "no file at all"
        super().__init__(f"{folder}: no article to extract, {found}; nothing was written (fix: put the articles "
                         f"there as {formats}, or give the folder that holds them)")


class ReportError(ValueError):
    """A report that cannot be made; the message says what is wrong and how to fix it."""


class ReportExists(ReportError, FileExistsError):
    """The output folder already holds files and `force` was not given."""


class ReviewError(ValueError):
    """A run, corpus, statement or quote that cannot be reviewed; the message says which and why."""
