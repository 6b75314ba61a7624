namespace Bridge.Abstractions.Registration;

/// <summary>The outcome of a write to a registration store.</summary>
public enum RegistrationWriteStatus
{
    /// <summary>The write was applied.</summary>
    Succeeded = 0,

    /// <summary>No entry has that identifier.</summary>
    NotFound,

    /// <summary>The entry changed since the caller read it (revision mismatch); nothing was written.</summary>
    Conflict,

    /// <summary>An entry with that identifier already exists; nothing was written.</summary>
    AlreadyExists,
}
