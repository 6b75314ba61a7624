namespace Bridge.Authority.Rotation.Engine;

/// <summary>One instance's view built from one read of a rotation state document.</summary>
internal interface ICachedView
{
    /// <summary>The document revision the view was built from; a view never replaces one of a higher revision.</summary>
    long Revision { get; }

    /// <summary>When the read began: the view's age is measured conservatively from here.</summary>
    DateTimeOffset ReadAt { get; }
}
