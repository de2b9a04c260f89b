"""Command-line tools for moderators that work on the knowledge folder without starting the bot."""
