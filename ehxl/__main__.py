"""Run the command line as ``python -m ehxl``."""

from ehxl.cli import main

main()
