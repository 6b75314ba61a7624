using Bridge.LambdaHosting.Runtime;

namespace Bridge.LambdaHosting.Server;

/// <summary>
/// Posts an exception that ends the process during initialization (host build, options validation, a hosted service
/// failing to start) to <c>/runtime/init/error</c>, so Lambda reports an init error rather than a bare exit. Once the
/// server has started polling, init is over and the Runtime API would refuse an init error, so nothing is posted.
/// </summary>
internal sealed class LambdaInitErrorGuard(LambdaRuntimeClient client)
{
    private const int Initializing = 0;
    private const int Initialized = 1;
    private const int Reported = 2;

    private int _state;

    /// <summary>
    /// Reports an exception that goes unhandled in this process from now until the init phase ends. A host disposed
    /// during init keeps watching: its start failure may still be on its way out of <c>Main</c>.
    /// </summary>
    public void Watch() => AppDomain.CurrentDomain.UnhandledException += OnUnhandledException;

    /// <summary>Marks the end of the init phase: the first <c>/next</c> is about to be sent. Nothing is reported after it.</summary>
    public void MarkInitialized()
    {
        Interlocked.CompareExchange(ref _state, Initialized, Initializing);
        AppDomain.CurrentDomain.UnhandledException -= OnUnhandledException;
    }

    /// <summary>Posts <paramref name="exception"/> as the init error, once and only during init; never throws.</summary>
    /// <returns>Whether the Runtime API accepted the report.</returns>
    public bool TryReport(Exception exception)
    {
        ArgumentNullException.ThrowIfNull(exception);
        if (Interlocked.CompareExchange(ref _state, Reported, Initializing) != Initializing)
        {
            return false;
        }

        try
        {
            client.PostInitError(new LambdaErrorPayload { ErrorMessage = exception.Message, ErrorType = exception.GetType().FullName ?? "Exception" });
            return true;
        }
        catch (Exception reportFailure) when (reportFailure is HttpRequestException or IOException or OperationCanceledException or InvalidOperationException)
        {
            // The process is ending anyway; Lambda then reports the exit itself.
            return false;
        }
    }

    /// <summary>The <see cref="AppDomain.UnhandledException"/> handler.</summary>
    public void OnUnhandledException(object? sender, UnhandledExceptionEventArgs e)
    {
        ArgumentNullException.ThrowIfNull(e);
        if (e.ExceptionObject is Exception exception)
        {
            TryReport(exception);
        }
    }
}
