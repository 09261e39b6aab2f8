"""Session logs: record, resume, replay + verify, what-if, export, class report.

The front ends use only :class:`SessionRecorder`, :func:`resume_session` and
:func:`default_log_dir`; the research commands use the rest. The format is documented in
``docs/research.md``.
"""

from .logformat import FORMAT_NAME, FORMAT_VERSION, SessionLog, read_log
from .recorder import SessionRecorder, default_log_dir
from .resume import resume_session

__all__ = [
    "FORMAT_NAME",
    "FORMAT_VERSION",
    "SessionLog",
    "SessionRecorder",
    "default_log_dir",
    "read_log",
    "resume_session",
]
