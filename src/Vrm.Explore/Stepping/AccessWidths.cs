using Vrm.Programs;
using Vrm.Syntax;

namespace Vrm.Explore.Stepping;

/// <summary>
/// The mixed-size accesses vrm models without splitting memory into bytes: every write to a location has one
/// size, and a read may be narrower if it starts at the location (the Linux spinlock's LDRH of a 32-bit lock).
/// Aligned accesses are single-copy atomic, so such a read takes all its bytes from one write: it reads the
/// whole location like a full-width read and keeps its low bytes. Every access then overlaps every other at
/// byte 0, so coherence, rf and the same-location relations are those of the whole location, as in herd's
/// byte-level model. A read of other bytes (it would not be coherence-ordered with a read of byte 0), writes
/// of different sizes, or reads reaching past the writes are refused, whichever access the search meets
/// first. One instance is shared by all threads of a run.
/// </summary>
internal sealed class AccessWidths(Program program)
{
    private readonly int[] writeSize = new int[program.Locations.Count];

    /// <summary>The widest read of each location so far.</summary>
    private readonly int[] readExtent = new int[program.Locations.Count];

    /// <summary>The location an address falls in and the byte offset into it, or -1 when it is in none.</summary>
    public (int Loc, int Offset) Resolve(long address)
    {
        int loc = program.LocationAt(address);
        if (loc >= 0)
        {
            return (loc, 0);
        }
        var (near, offset) = program.Containing(address);
        return near >= 0 && offset < 8 ? (near, (int)offset) : (-1, 0);
    }

    /// <summary>
    /// Checks an access: loads read, stores write, atomics do both. An access that changes nothing returns
    /// at once; the rest take a lock, as the workers of a Promising search share this.
    /// </summary>
    public void Check(Instr ins, int loc, int offset)
    {
        bool reads = ins.Op is not Opcode.Store, writes = ins.Op is not Opcode.Load;
        if (offset == 0 && (!reads || (readExtent[loc] >= ins.Size && (writeSize[loc] == 0 || writeSize[loc] >= ins.Size)))
            && (!writes || (writeSize[loc] == ins.Size && readExtent[loc] <= ins.Size)))
        {
            return;
        }
        lock (writeSize)
        {
            if (reads)
            {
                Read(ins, loc, offset);
            }
            if (writes)
            {
                Write(ins, loc, offset);
            }
        }
    }

    /// <summary>Checks a write of <paramref name="ins"/>'s size at <paramref name="offset"/> against the other accesses.</summary>
    private void Write(Instr ins, int loc, int offset)
    {
        if (offset != 0)
        {
            throw Refuse(ins, $"writes {program.Locations[loc]}+{offset}, inside the location (mixed-size writes need the byte-level model)");
        }
        if (writeSize[loc] != 0 && writeSize[loc] != ins.Size)
        {
            throw Refuse(ins, $"writes {program.Locations[loc]} with {ins.Size} bytes, another write uses {writeSize[loc]} (mixed-size writes need the byte-level model)");
        }
        if (readExtent[loc] > ins.Size)
        {
            throw Refuse(ins, $"writes {ins.Size} bytes of {program.Locations[loc]}, a read takes {readExtent[loc]} (mixed-size: a read wider than the writes needs the byte-level model)");
        }
        writeSize[loc] = ins.Size;
    }

    /// <summary>Checks a read; the value it returns from a message is the message's low bytes.</summary>
    private void Read(Instr ins, int loc, int offset)
    {
        if (offset != 0)
        {
            throw Refuse(ins, $"reads {program.Locations[loc]}+{offset}, inside the location (mixed-size reads of other bytes than the first need the byte-level model)");
        }
        if (writeSize[loc] != 0 && ins.Size > writeSize[loc])
        {
            throw Refuse(ins, $"reads {ins.Size} bytes of {program.Locations[loc]}, its writes {writeSize[loc]} (mixed-size: a read wider than the writes needs the byte-level model)");
        }
        readExtent[loc] = Math.Max(readExtent[loc], ins.Size);
    }

    private DiagnosticException Refuse(Instr ins, string what) =>
        new(new Diagnostic(program.File, ins.Pos, $"unsupported: '{ins.Text}' {what}"), unsupported: true);
}
