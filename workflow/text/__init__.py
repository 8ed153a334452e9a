"""Text mechanics: segmentation, alignment, deltas and span mapping, tokens."""
