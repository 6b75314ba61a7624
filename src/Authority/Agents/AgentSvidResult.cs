using System.Diagnostics.CodeAnalysis;

namespace Bridge.Authority.Agents;

/// <summary>The outcome of an <see cref="AgentSvidService"/> call: a value, or why not.</summary>
/// <typeparam name="T">What a successful call returns.</typeparam>
public sealed class AgentSvidResult<T>
    where T : class
{
    private AgentSvidResult(T? value, AgentSvidFailure failure)
    {
        Value = value;
        Failure = failure;
    }

    /// <summary>The result, when <see cref="Succeeded"/>.</summary>
    public T? Value { get; }

    /// <summary>Why the call was refused; <see cref="AgentSvidFailure.None"/> on success.</summary>
    public AgentSvidFailure Failure { get; }

    /// <summary>True when the call succeeded.</summary>
    [MemberNotNullWhen(true, nameof(Value))]
    public bool Succeeded => Value is not null;

    internal static AgentSvidResult<T> Success(T value) => new(value, AgentSvidFailure.None);

    internal static AgentSvidResult<T> Fail(AgentSvidFailure failure) =>
        failure == AgentSvidFailure.None
            ? throw new ArgumentOutOfRangeException(nameof(failure), "A failure needs a failure kind.")
            : new(null, failure);
}
