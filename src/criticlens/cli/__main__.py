"""``python -m criticlens.cli``: the same as the ``criticlens`` console script."""
import sys

from criticlens.cli.main import main

sys.exit(main())
