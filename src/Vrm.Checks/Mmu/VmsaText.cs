using Vrm.Models;
using Vrm.Models.Executions;

namespace Vrm.Checks.Mmu;

/// <summary>How diagnostics of page-table programs name an event: its thread, and the instruction with its line.</summary>
internal static class VmsaText
{
    public static string Thread(CandidateExecution x, int e) => x.Thread[e] < 0 ? "the initial state" : Diagnosis.ThreadToken(x.Thread[e]);

    public static string Event(CandidateExecution x, int e)
    {
        var ins = x.Events[e].Instr;
        return ins is null ? Thread(x, e) : $"{Thread(x, e)}'s '{ins.Text}' (line {ins.Pos.Line})";
    }
}
