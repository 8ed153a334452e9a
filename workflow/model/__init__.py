"""The model: replay of a ledger into State, the units inside it, and the working files it renders."""
