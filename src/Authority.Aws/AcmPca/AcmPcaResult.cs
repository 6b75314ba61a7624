using System.Diagnostics.CodeAnalysis;

namespace Bridge.Authority.Aws.AcmPca;

/// <summary>An ACM PCA answer: a value, or the AWS error PCA returned.</summary>
/// <typeparam name="T">The value's type.</typeparam>
public sealed class AcmPcaResult<T>
    where T : class
{
    private AcmPcaResult(T? value, AcmPcaError? error)
    {
        Value = value;
        Error = error;
    }

    /// <summary>The value; set exactly when <see cref="Succeeded"/>.</summary>
    public T? Value { get; }

    /// <summary>The error; set exactly when not <see cref="Succeeded"/>.</summary>
    public AcmPcaError? Error { get; }

    /// <summary>True when PCA answered with a value.</summary>
    [MemberNotNullWhen(true, nameof(Value))]
    [MemberNotNullWhen(false, nameof(Error))]
    public bool Succeeded => Error is null;

    /// <summary>A successful answer.</summary>
    public static AcmPcaResult<T> Success(T value) => new(value ?? throw new ArgumentNullException(nameof(value)), null);

    /// <summary>An AWS error.</summary>
    public static AcmPcaResult<T> Failure(AcmPcaError error) => new(null, error ?? throw new ArgumentNullException(nameof(error)));
}
