using Xunit;

namespace Vrm.Cli.Tests.C;

/// <summary>
/// Single-threaded C that vrm once refused or got wrong, found by comparing its verdicts with native runs of random
/// programs (<see cref="NativeDifferentialTests"/>): structs passed and returned by value (AArch64 carries up to 16
/// bytes of them in registers, which clang -O0 copies through an i64 or a [2 x i64]), the bit builtins and the
/// overflow builtins, pointer differences of globals in constant expressions, union members of other widths,
/// integers wider than a register. Each program asserts its own results and must check ok; a wrong value fails.
/// </summary>
public sealed class SequentialSemanticsTests : CProgramTests
{
    private CheckRun.Result CheckOk(string body)
    {
        var r = Check("#include \"vrm.h\"\n" + body);
        Assert.True(r.Code == 0 && r.Verdict == "ok", r.ToString());
        return r;
    }

    [Theory]
    [InlineData("int f[2];")]
    [InlineData("int f[3];")]
    [InlineData("int f[4];")]
    [InlineData("char a; short b; int f[2];")]
    [InlineData("long a; int f[2];")]
    [InlineData("int x : 3; unsigned y : 9; short z; int f[2];")]
    public void StructsPassedAndReturnedInRegistersKeepTheirFields(string fields) => CheckOk($$"""
        struct S { {{fields}} };
        static int last(struct S s) { return s.f[sizeof s.f / sizeof s.f[0] - 1]; }
        static struct S bump(struct S s, int k) { s.f[0] += k; s.f[sizeof s.f / sizeof s.f[0] - 1] -= k; return s; }
        int main(void)
        {
          struct S s = {0};
          s.f[0] = 5;
          s.f[sizeof s.f / sizeof s.f[0] - 1] = 40;
          vrm_assert(last(s) == 40);
          struct S t = bump(s, 3);
          vrm_assert(t.f[0] == 8 && last(t) == 37 && s.f[0] == 5);
          return 0;
        }
        """);

    [Fact]
    public void BitFieldsInFiveBytesOfStorageAreWrittenAndRead() => CheckOk("""
        struct S { _Bool b; unsigned f1 : 9; int f2 : 15; int f3 : 12; };
        int k = -3;
        int main(void)
        {
          struct S s = {1, 500u, k, 118};
          s.f3 -= 200;
          vrm_assert(s.b && s.f1 == 500 && s.f2 == -3 && s.f3 == -82);
          return 0;
        }
        """);

    [Fact]
    public void BitBuiltinsCountAndSwap() => CheckOk("""
        unsigned x = 0x00f0a000u, zero;
        unsigned long long y = 0x8000000000000100ULL;
        unsigned short h = 0x1234;
        int main(void)
        {
          vrm_assert(__builtin_popcount(x) == 6 && __builtin_popcountll(y) == 2);
          vrm_assert(__builtin_clz(x) == 8 && __builtin_clzll(y) == 0 && __builtin_clzll(y >> 9) == 9);
          vrm_assert(__builtin_ctz(x) == 13 && __builtin_ctzll(y) == 8);
          vrm_assert(__builtin_ffs((int)zero) == 0 && __builtin_ffs((int)x) == 14);
          vrm_assert(__builtin_bswap32(x) == 0x00a0f000u && __builtin_bswap16(h) == 0x3412);
          vrm_assert(__builtin_bswap64(y) == 0x0001000000000080ULL);
          vrm_assert(__builtin_parity(x) == 0 && __builtin_clrsb(-1) == 31);
          return 0;
        }
        """);

    [Fact]
    public void OverflowBuiltinsGiveTheWrappedResultAndTheFlag() => CheckOk("""
        int big = 2147483647, neg = -2;
        long long lmin = -9223372036854775807LL - 1;
        unsigned u = 4000000000u;
        unsigned long long ub = 0xffffffffffffffffULL;
        short s = 30000;
        int main(void)
        {
          int r; long long q; unsigned ur; unsigned long long uq; short sr;
          vrm_assert(__builtin_add_overflow(big, 1, &r) && r == -2147483647 - 1);
          vrm_assert(__builtin_sub_overflow(neg, big, &r) && r == 2147483647);
          vrm_assert(__builtin_mul_overflow(big, neg, &r) && r == 2 && !__builtin_mul_overflow(neg, -3, &r) && r == 6);
          vrm_assert(__builtin_sub_overflow(lmin, 1LL, &q) && q == 9223372036854775807LL);
          vrm_assert(__builtin_mul_overflow(lmin, -1LL, &q) && q == lmin);
          vrm_assert(!__builtin_mul_overflow(3037000499LL, 3037000499LL, &q) && q == 9223372030926249001LL);
          vrm_assert(__builtin_add_overflow(u, u, &ur) && ur == 3705032704u);
          vrm_assert(__builtin_sub_overflow(0u, 1u, &ur) && ur == 4294967295u);
          vrm_assert(__builtin_mul_overflow(ub, 2ULL, &uq) && uq == 0xfffffffffffffffeULL);
          vrm_assert(!__builtin_mul_overflow(0xffffffffULL, 0xffffffffULL, &uq) && uq == 0xfffffffe00000001ULL);
          vrm_assert(__builtin_add_overflow(s, s, &sr) && sr == -5536);
          return 0;
        }
        """);

    [Fact]
    public void PointerDifferencesOfGlobalsAreConstants() => CheckOk("""
        long a[4][3];
        int main(void)
        {
          long d = &a[2][1] - &a[0][2];
          int below = &a[1][0] < &a[3][2];
          vrm_assert(d == 5 && &a[0][0] - &a[3][1] == -10 && below);
          return 0;
        }
        """);

    [Fact]
    public void UnionMembersOfOtherWidthsReadAndWriteTheirBytes() => CheckOk("""
        union U { unsigned long long q; unsigned w[2]; unsigned char b[8]; short h[4]; };
        union U g = {0x1122334455667788ULL};
        int main(void)
        {
          vrm_assert(g.w[1] == 0x11223344u && g.b[2] == 0x66 && g.h[0] == 0x7788);
          g.b[5] = 0xff;
          g.w[0] = 7;
          vrm_assert(g.q == 0x1122ff4400000007ULL);
          unsigned x = 0xa1b2c3d4u;
          __builtin_memcpy(&g.b[3], &x, sizeof x);
          vrm_assert(g.q == 0x11a1b2c3d4000007ULL && g.h[3] == 0x11a1);
          return 0;
        }
        """);

    [Fact]
    public void A128BitIntegerIsRefusedAsUnsupported()
    {
        var r = Check("""
            unsigned long long a = 3, b = 5;
            int main(void)
            {
              unsigned __int128 p = (unsigned __int128)a * b;
              return (int)(p >> 64);
            }
            """);
        Assert.True(r.Code == 1, r.ToString());
        Assert.Contains("128-bit integer", r.Err, StringComparison.Ordinal);
    }

    [Fact]
    public void AUnionMemberAtAComputedIndexIsUnsupportedNotAnInvalidAccess()
    {
        var r = Check("""
            union U { unsigned long long q; unsigned char b[8]; };
            union U g = {0x1122334455667788ULL};
            int k = 3;
            int main(void)
            {
              return g.b[k] == 0x55;
            }
            """);
        Assert.True(r.Code == 1, r.ToString());
        Assert.Contains("unsupported: 'load' is a 1-byte access at g.0+3, inside a 8-byte variable", r.Err, StringComparison.Ordinal);
    }
}
