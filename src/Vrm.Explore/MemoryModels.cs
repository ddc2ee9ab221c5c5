using Vrm.Explore.Promising;
using Vrm.Explore.Results;
using Vrm.Models;
using Vrm.Models.Arm;
using Vrm.Models.Sc;
using Vrm.Programs;

namespace Vrm.Explore;

/// <summary>A memory model as the tools see it: a name and a way to compute what it allows for a program.</summary>
public interface IMemoryModel
{
    string Name { get; }

    ModelResult Run(Program program, ExploreOptions options, CancellationToken cancel);
}

/// <summary>An axiomatic model, explored by enumerating candidate executions.</summary>
public sealed class AxiomaticModel(IAxiomaticModel axioms) : IMemoryModel
{
    public string Name => axioms.Name;

    public ModelResult Run(Program program, ExploreOptions options, CancellationToken cancel) =>
        Explorer.Run(program, axioms, options, cancel);
}

/// <summary>Promising-Arm, explored operationally in promise-first normal form.</summary>
public sealed class PromisingModel : IMemoryModel
{
    public static readonly PromisingModel Instance = new();

    public string Name => "promising";

    public ModelResult Run(Program program, ExploreOptions options, CancellationToken cancel) =>
        PromiseFirstSearch.Run(program, options, cancel);

}

/// <summary>The models by the names the command line uses.</summary>
public static class MemoryModels
{
    public static readonly IReadOnlyList<string> Names = ["sc", "arm", "promising"];

    public static IMemoryModel Get(string name) => name switch
    {
        "sc" => new AxiomaticModel(ScModel.Instance),
        "arm" => new AxiomaticModel(ArmModel.Instance),
        "promising" => PromisingModel.Instance,
        _ => throw new ArgumentException($"unknown model '{name}'"),
    };
}
