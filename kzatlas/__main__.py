"""Entry point for ``python -m kzatlas``."""

from kzatlas.tools.cli import main

raise SystemExit(main())
