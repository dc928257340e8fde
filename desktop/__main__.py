"""`python -m desktop`: the same as the `broadsheet` command."""

import sys

from desktop.launch import main

sys.exit(main())
