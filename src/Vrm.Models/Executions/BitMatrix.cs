using System.Numerics;

namespace Vrm.Models.Executions;

/// <summary>A relation over events 0..N-1 as successor bit sets, with the predecessor sets kept beside them.</summary>
public sealed class BitMatrix
{
    private readonly ulong[] succ;
    private readonly ulong[] pred;

    public BitMatrix(int n)
    {
        N = n;
        Words = (n + 63) >> 6;
        succ = new ulong[n * Words];
        pred = new ulong[n * Words];
    }

    public int N { get; }

    public int Words { get; }

    /// <summary>Becomes a copy of <paramref name="other"/>, a relation over the same events.</summary>
    public void CopyFrom(BitMatrix other)
    {
        Array.Copy(other.succ, succ, succ.Length);
        Array.Copy(other.pred, pred, pred.Length);
    }

    public void Clear()
    {
        Array.Clear(succ);
        Array.Clear(pred);
    }

    public void Add(int from, int to)
    {
        succ[(from * Words) + (to >> 6)] |= 1UL << (to & 63);
        pred[(to * Words) + (from >> 6)] |= 1UL << (from & 63);
    }

    public bool Has(int from, int to) => (succ[(from * Words) + (to >> 6)] & (1UL << (to & 63))) != 0;

    public ReadOnlySpan<ulong> Successors(int from) => succ.AsSpan(from * Words, Words);

    /// <summary>The transitive closure, as a new matrix (Warshall's algorithm on bit rows).</summary>
    public BitMatrix Closure()
    {
        var c = new BitMatrix(N);
        c.CopyFrom(this);
        for (int k = 0; k < N; k++)
        {
            var row = c.succ.AsSpan(k * Words, Words);
            for (int i = 0; i < N; i++)
            {
                if (c.Has(i, k))
                {
                    var target = c.succ.AsSpan(i * Words, Words);
                    for (int w = 0; w < Words; w++)
                    {
                        target[w] |= row[w];
                    }
                }
            }
        }
        Array.Clear(c.pred);
        for (int i = 0; i < N; i++)
        {
            for (int j = 0; j < N; j++)
            {
                if (c.Has(i, j))
                {
                    c.pred[(j * Words) + (i >> 6)] |= 1UL << (i & 63);
                }
            }
        }
        return c;
    }

    /// <summary>Kahn's algorithm on bit sets: true when the relation has no cycle.</summary>
    public bool IsAcyclic()
    {
        Span<ulong> remaining = stackalloc ulong[Words];
        for (int i = 0; i < N; i++)
        {
            remaining[i >> 6] |= 1UL << (i & 63);
        }
        int left = N;
        bool progress = true;
        while (left > 0 && progress)
        {
            progress = false;
            for (int w = 0; w < Words; w++)
            {
                ulong bits = remaining[w];
                while (bits != 0)
                {
                    int i = (w << 6) + BitOperations.TrailingZeroCount(bits);
                    bits &= bits - 1;
                    if (!Intersects(pred.AsSpan(i * Words, Words), remaining))
                    {
                        remaining[w] &= ~(1UL << (i & 63));
                        left--;
                        progress = true;
                    }
                }
            }
        }
        return left == 0;
    }

    private static bool Intersects(ReadOnlySpan<ulong> a, ReadOnlySpan<ulong> b)
    {
        for (int i = 0; i < a.Length; i++)
        {
            if ((a[i] & b[i]) != 0)
            {
                return true;
            }
        }
        return false;
    }
}
