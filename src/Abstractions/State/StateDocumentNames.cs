using System.Diagnostics.CodeAnalysis;

namespace Bridge.Abstractions.State;

/// <summary>The rule for <see cref="IAuthorityStateStore"/> document names, shared so every backend accepts the same set.</summary>
public static class StateDocumentNames
{
    /// <summary>The longest name.</summary>
    public const int MaxLength = 64;

    /// <summary>
    /// True when <paramref name="name"/> is 1–64 characters of lowercase ASCII letters, digits and '-', starting with a
    /// letter: safe as a file name, a DynamoDB key and a log value.
    /// </summary>
    public static bool IsValid([NotNullWhen(true)] string? name)
    {
        if (string.IsNullOrEmpty(name) || name.Length > MaxLength || !char.IsAsciiLetterLower(name[0]))
        {
            return false;
        }

        foreach (var c in name)
        {
            if (!char.IsAsciiLetterLower(c) && !char.IsAsciiDigit(c) && c != '-')
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>Throws when <paramref name="name"/> is not <see cref="IsValid"/>.</summary>
    /// <exception cref="ArgumentException">The name is invalid.</exception>
    public static void ThrowIfInvalid(string? name, [System.Runtime.CompilerServices.CallerArgumentExpression(nameof(name))] string? parameterName = null)
    {
        if (!IsValid(name))
        {
            throw new ArgumentException("A state document name is 1-64 characters of a-z, 0-9 and '-', starting with a letter.", parameterName);
        }
    }

    /// <summary>Throws when a write's arguments break the <see cref="IAuthorityStateStore.TryWriteAsync"/> contract.</summary>
    /// <exception cref="ArgumentException">The name, content or revision is invalid.</exception>
    public static void ThrowIfInvalidWrite(string name, ReadOnlyMemory<byte> content, long expectedRevision)
    {
        ThrowIfInvalid(name);
        if (content.IsEmpty || content.Length > IAuthorityStateStore.MaxContentBytes)
        {
            throw new ArgumentException($"State document content must be 1 to {IAuthorityStateStore.MaxContentBytes} bytes.", nameof(content));
        }

        ArgumentOutOfRangeException.ThrowIfNegative(expectedRevision);
    }
}
