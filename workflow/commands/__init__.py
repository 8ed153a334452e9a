"""The CLI's commands, one module per family; `workflow.cli` lists the modules."""
