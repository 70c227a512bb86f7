"""`python -m claimmark`."""

import sys

from claimmark.cli import main

sys.exit(main())
