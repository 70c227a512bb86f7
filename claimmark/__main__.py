"""`python -m claimmark`."""

import sys

from claimmark.cli import main

# Guarded: the children that import files (documents.bounded) may import this module again.
if __name__ == "__main__":
    sys.exit(main())
