"""Run the Ralph LRS (its FastAPI app under uvicorn) on 127.0.0.1:PORT with the file-system
backend, for the tests: ``python serve_ralph.py PORT``; configured by RALPH_* variables.

One setting is changed first: Ralph's file-system LRS backend writes its store file with the
operation type CREATE, so every POST after the first fails with "already exists and overwrite is
not allowed" (ralph-malph 5.1). Appending is what a store that grows needs; the backend supports
it (``BaseOperationType.APPEND``). Everything else is Ralph as shipped: validation, duplicate
detection, queries.
"""

import sys

import uvicorn
from ralph.backends.data.base import BaseOperationType
from ralph.backends.lrs.fs import FSLRSBackend

FSLRSBackend.default_operation_type = BaseOperationType.APPEND

if __name__ == "__main__":
    uvicorn.run("ralph.api:app", host="127.0.0.1", port=int(sys.argv[1]), log_level="warning")
