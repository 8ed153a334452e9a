"""The write side: one module per family of steps, each turning a change into one event, and the recording protocol."""
