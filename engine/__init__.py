"""qjsbridge engine: the QuickJS runtime, its owner thread and event loop."""
