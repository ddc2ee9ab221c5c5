using Vrm.Explore;
using Vrm.Explore.Results;
using Vrm.Programs.Lowering;
using Vrm.Syntax.Litmus;
using Xunit;

namespace Vrm.Report.Tests;

/// <summary>
/// The Promising search leaves out promise orders no run tells apart (sleep sets over the memory tree). It
/// must find every final state the full search finds, on fewer memories.
/// </summary>
public class OrderPruningTests
{
    private static ModelResult Promising(string path, string text, bool prune)
    {
        var program = LitmusLowering.Lower(LitmusParser.Parse(path, text));
        var r = PromisingModel.Instance.Run(program, new ExploreOptions { PruneOrders = prune }, CancellationToken.None);
        Assert.Equal(Completion.Complete, r.Completion);
        return r;
    }

    private static List<string> States(ModelResult r) => [.. r.States.Select(s => HerdFormat.State(r, s)).Order(StringComparer.Ordinal)];

    /// <summary>
    /// Three threads each writing its own location, and a fourth reading all three with no ordering: no run
    /// compares any two messages, so one order of the three suffices.
    /// </summary>
    private const string IndependentWriters = """
        AArch64 W+W+W+RRR
        { 0:X1=x; 1:X1=y; 2:X1=z; 3:X1=x; 3:X3=y; 3:X5=z; }
         P0          | P1          | P2          | P3          ;
         MOV W0,#1   | MOV W0,#1   | MOV W0,#1   | LDR W0,[X1] ;
         STR W0,[X1] | STR W0,[X1] | STR W0,[X1] | LDR W2,[X3] ;
                     |             |             | LDR W4,[X5] ;
        exists (3:X0=1 /\ 3:X2=1 /\ 3:X4=1)
        """;

    [Fact]
    public void IndependentMessagesArePromisedInFewerOrders()
    {
        var full = Promising("w.litmus", IndependentWriters, prune: false);
        var pruned = Promising("w.litmus", IndependentWriters, prune: true);
        // The full tree: the empty memory, 3 + 6 + 6 orders of one, two and three messages.
        Assert.Equal(16, full.Candidates);
        Assert.True(pruned.Candidates < full.Candidates, $"{pruned.Candidates} memories pruned, {full.Candidates} in full");
        Assert.Equal(8, States(full).Count);
        Assert.Equal(States(full), States(pruned));
    }

    /// <summary>
    /// Message passing whose reader sees y=1 and then an old x only if y's message is below x's: the reader's
    /// read of x compares the two, so neither order may be dropped.
    /// </summary>
    private const string MessagePassing = """
        AArch64 MP+po+addr
        { 0:X1=x; 0:X3=y; 1:X1=y; 1:X3=x; }
         P0          | P1                  ;
         MOV W0,#1   | LDR W0,[X1]         ;
         STR W0,[X1] | EOR W2,W0,W0        ;
         MOV W2,#1   | LDR W4,[X3,W2,SXTW] ;
         STR W2,[X3] |                     ;
        exists (1:X0=1 /\ 1:X4=0)
        """;

    [Fact]
    public void ComparedMessagesKeepBothOrders()
    {
        var full = Promising("mp.litmus", MessagePassing, prune: false);
        var pruned = Promising("mp.litmus", MessagePassing, prune: true);
        Assert.Equal(4, States(full).Count);
        Assert.Equal(States(full), States(pruned));
    }

    public static TheoryData<string> Files()
    {
        var data = new TheoryData<string>();
        foreach (var f in Directory.GetFiles(Repo.Examples("locks"), "*.litmus").Concat(Directory.GetFiles(Repo.Examples("litmus"), "*.litmus")).Order(StringComparer.Ordinal))
        {
            data.Add(Path.GetRelativePath(Repo.Examples(), f));
        }
        return data;
    }

    /// <summary>On our own tests, the pruned search (one subtree, the most pruning) finds what the full one finds.</summary>
    [Theory]
    [MemberData(nameof(Files))]
    public void PruningKeepsEveryFinalState(string file)
    {
        var path = Repo.Examples(file);
        var text = File.ReadAllText(path);
        var full = Promising(path, text, prune: false);
        var pruned = Promising(path, text, prune: true);
        Assert.Equal(States(full), States(pruned));
        Assert.True(pruned.Candidates <= full.Candidates);
    }
}
