"""Start the workbench: the window with no arguments, the command line otherwise."""
import sys

from workbench.cli import main

if __name__ == "__main__":
    sys.exit(main())
