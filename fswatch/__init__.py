"""File-system watching for JavaScript, through watchdog."""
