using Vrm.Explore;
using Vrm.Syntax.Litmus;
using Xunit;

namespace Vrm.Report.Tests;

/// <summary>
/// Promising-Arm and the Arm axiomatic model are proved equivalent for this fragment, so on our own tests
/// they must give the same final states; and every SC state must be a Promising state.
/// (CI checks the same on the whole shared corpus with <c>vrm conformance --model promising</c>.)
/// </summary>
public class ModelEquivalenceTests
{
    public static TheoryData<string> Litmus() => Files("litmus");

    /// <summary>The lock tests but TICKET-3, whose SC run by candidate executions takes minutes (see README).</summary>
    public static TheoryData<string> Locks()
    {
        var data = new TheoryData<string>();
        foreach (var f in Directory.GetFiles(Repo.Examples("locks"), "*.litmus").Order(StringComparer.Ordinal))
        {
            if (!f.Contains("TICKET-3", StringComparison.Ordinal))
            {
                data.Add(Path.Combine("locks", Path.GetFileName(f)));
            }
        }
        return data;
    }

    private static TheoryData<string> Files(string folder)
    {
        var data = new TheoryData<string>();
        foreach (var f in Directory.GetFiles(Repo.Examples(folder), "*.litmus").Order(StringComparer.Ordinal))
        {
            data.Add(Path.Combine(folder, Path.GetFileName(f)));
        }
        return data;
    }

    public static TheoryData<string> PageTables() => Files("vmsa");

    private static HashSet<string> States(string file, string model, Variant variants = Variant.None)
    {
        var o = TestRunner.RunFile(Repo.Examples(file), [model], new ExploreOptions(), CancellationToken.None, variants);
        Assert.Null(o.Error);
        var r = o.Results[0];
        Assert.Equal(Vrm.Explore.Results.Completion.Complete, r.Completion);
        return [.. r.States.Select(s => HerdFormat.State(r, s))];
    }

    [Theory]
    [MemberData(nameof(Litmus))]
    public void PromisingEqualsArm(string file) =>
        Assert.Equal(States(file, "arm").Order(), States(file, "promising").Order());

    [Theory]
    [MemberData(nameof(Litmus))]
    [MemberData(nameof(Locks))]
    public void ScStatesArePromisingStates(string file)
    {
        var promising = States(file, "promising");
        Assert.Subset(promising, States(file, "sc"));
    }

    /// <summary>SC with page tables (no TLB) allows nothing Promising with an MMU forbids, on our page-table tests.</summary>
    [Theory]
    [MemberData(nameof(PageTables))]
    public void ScPageTableStatesArePromisingStates(string file) =>
        Assert.Subset(States(file, "promising", Variant.Vmsa), States(file, "sc", Variant.Vmsa));

    /// <summary>Promising with an MMU against the Arm model with page tables, on our page-table tests.</summary>
    [Theory]
    [MemberData(nameof(PageTables))]
    public void PromisingWithAnMmuEqualsArm(string file) =>
        Assert.Equal(States(file, "arm", Variant.Vmsa).Order(), States(file, "promising", Variant.Vmsa).Order());
}
