namespace Bridge.Agent.Node;

/// <summary>Reads an HTTP body up to a bound, so a hostile or broken peer cannot make the agent buffer without end.</summary>
internal static class BoundedContent
{
    /// <summary>The body's bytes, or null when it is longer than <paramref name="maxBytes"/>.</summary>
    public static async Task<byte[]?> ReadAsync(HttpContent content, int maxBytes, CancellationToken cancellationToken)
    {
        if (content.Headers.ContentLength is > 0 and var length && length > maxBytes)
        {
            return null;
        }

        var stream = await content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
        await using (stream.ConfigureAwait(false))
        {
            var buffer = new byte[Math.Min(maxBytes + 1, 64 * 1024)];
            using var result = new MemoryStream();
            int read;
            while ((read = await stream.ReadAsync(buffer, cancellationToken).ConfigureAwait(false)) > 0)
            {
                if (result.Length + read > maxBytes)
                {
                    return null;
                }

                result.Write(buffer, 0, read);
            }

            return result.ToArray();
        }
    }
}
