using Vrm.Explore;
using Vrm.Explore.Results;
using Vrm.Models.Arm;
using Xunit;

namespace Vrm.Report.Tests;

public partial class ModelPropertyTests
{
    /// <summary>
    /// Promising-Arm equals the axiomatic model on this fragment (with its pruning of promise orders, which
    /// these small tests exercise too).
    /// </summary>
    [Fact]
    public void PromisingStatesAreArmStates() => ForAll(4, c =>
    {
        var program = Lower(c);
        var arm = Explore(program, ArmModel.Instance);
        var promising = PromisingModel.Instance.Run(program, Options, CancellationToken.None);
        Assert.True(promising.Completion == Completion.Complete, $"promising did not finish: {promising.IncompleteReason}");
        var armStates = arm.States.Select(s => Show(arm, s)).ToHashSet();
        var promisingStates = promising.States.Select(s => Show(promising, s)).ToHashSet();
        var onlyArm = armStates.Except(promisingStates).Order(StringComparer.Ordinal).ToList();
        var onlyPromising = promisingStates.Except(armStates).Order(StringComparer.Ordinal).ToList();
        Assert.True(onlyArm.Count == 0 && onlyPromising.Count == 0,
            $"Promising-Arm and the Arm model disagree:\n only in arm:\n  {string.Join("\n  ", onlyArm)}\n only in promising:\n  {string.Join("\n  ", onlyPromising)}");
    });
}
