"""The commands that print reports or draw plots: front-end code, above every core layer."""
