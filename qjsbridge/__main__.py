"""``python -m qjsbridge``."""

import sys

from .cli import main

sys.exit(main())
