// The server sets the process-wide _X_AMZN_TRACE_ID on every invocation: test classes must not run side by side.
[assembly: CollectionBehavior(DisableTestParallelization = true)]
