namespace Vrm.Explore;

/// <summary>How herd compares and prints untyped values: as 32-bit signed integers when they fit in 32 bits.</summary>
public static class Values
{
    public static long Normalize(long v) => (ulong)v <= 0xFFFF_FFFFUL ? (int)v : v;
}
