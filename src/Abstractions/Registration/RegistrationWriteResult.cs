namespace Bridge.Abstractions.Registration;

/// <summary>The outcome of a write, with the stored entry (and its new revision) when it succeeded.</summary>
/// <param name="Status">What happened.</param>
/// <param name="Entry">The entry as stored after a successful create or update; null otherwise.</param>
public sealed record RegistrationWriteResult(RegistrationWriteStatus Status, RegistrationEntry? Entry = null);
