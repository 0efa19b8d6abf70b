"""Entry point for ``python -m kzatlas``."""

from .cli import main

raise SystemExit(main())
