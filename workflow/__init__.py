"""byline: provenance for translated news articles, from Korean source to published English."""

__version__ = "0.1.0"
