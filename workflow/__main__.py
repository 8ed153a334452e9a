"""`python -m workflow` runs the byline command line."""

from workflow.cli import main

main()
