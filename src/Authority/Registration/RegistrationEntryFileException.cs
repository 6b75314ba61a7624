namespace Bridge.Authority.Registration;

/// <summary>
/// A registration file could not be loaded: it is missing, unreadable, or invalid. This is misconfiguration and stops
/// startup; <see cref="Errors"/> lists every problem found.
/// </summary>
public sealed class RegistrationEntryFileException : Exception
{
    /// <summary>Creates the exception.</summary>
    public RegistrationEntryFileException()
        : this("The registration file could not be loaded.")
    {
    }

    /// <summary>Creates the exception.</summary>
    public RegistrationEntryFileException(string message)
        : this(message, innerException: null)
    {
    }

    /// <summary>Creates the exception.</summary>
    public RegistrationEntryFileException(string message, Exception? innerException)
        : base(message, innerException) => Errors = [message];

    /// <summary>Creates the exception for an invalid file.</summary>
    public RegistrationEntryFileException(string path, IReadOnlyList<string> errors)
        : base(FormatMessage(path, errors))
    {
        ArgumentNullException.ThrowIfNull(errors);
        Errors = errors;
    }

    /// <summary>Every problem found.</summary>
    public IReadOnlyList<string> Errors { get; }

    private static string FormatMessage(string path, IReadOnlyList<string> errors) =>
        $"The registration file '{path}' is invalid ({errors.Count} error(s)):\n  - " + string.Join("\n  - ", errors);
}
