using Vrm.Syntax;
using Vrm.Syntax.Llvm;

namespace Vrm.Programs.Lowering.Llvm;

/// <summary>
/// Page-table programs written in C: globals in section <c>vrm_page</c> (vrm.h's <c>vrm_page</c>) become the
/// variables of a <see cref="VmsaInfo"/>, laid out as the litmus lowering lays out herd's page-table tests
/// (see <see cref="Program.AddressBase"/>): variable k's address in C is its virtual address
/// <c>AddressBase + k*AddressStride</c>, its cells are on its physical page <c>PhysicalBase + k*AddressStride</c>,
/// and its level-3 entry <c>PTE(x)</c> initially maps the one to the other.
/// </summary>
internal sealed partial class ModuleLowering
{
    /// <summary>The section vrm.h's <c>vrm_page</c> attribute puts a global in.</summary>
    public const string PageSection = "vrm_page";

    /// <summary>A translated variable is one 4 KiB page; the translation of its addresses stays within it.</summary>
    public const long PageSize = 4096;

    private readonly List<VmsaVariable> pages = [];

    /// <summary>True when the module declares translated pages, so its accesses to them go through translation.</summary>
    public bool HasPages => pages.Count > 0;

    private static bool IsPage(Global g) => g.Section == PageSection;

    /// <summary>The vrm_page variable whose virtual page holds <paramref name="address"/>, or null.</summary>
    public VmsaVariable? PageAt(long address) =>
        pages.FirstOrDefault(v => address >= v.VirtualAddress && address - v.VirtualAddress < PageSize);

    /// <summary>
    /// Places the vrm_page globals first, on physical pages 0, 1, ... and their entries after them. Every other
    /// variable is then placed above them in the physical range, so that code reaches it untranslated: only
    /// the virtual range <c>[AddressBase, PhysicalBase)</c> is translated.
    /// </summary>
    private void PlacePages()
    {
        var declared = module.Globals.Where(IsPage).ToList();
        if (declared.Count == 0)
        {
            return;
        }
        nextAddress = Program.PhysicalBase;
        foreach (var g in declared)
        {
            var type = layout.Resolve(g.Type);
            if (type is FunctionType or OtherType or VoidType)
            {
                throw Error(SourcePos.None, $"'{g.Name}' is marked vrm_page but is no variable");
            }
            long size = layout.SizeOf(g.Type);
            if (size > PageSize)
            {
                throw Error(SourcePos.None, $"vrm_page variable '{g.Name}' has {size} bytes, more than a page (4096): declare it as several vrm_page variables");
            }
            int first = locNames.Count;
            long pa = Place(g.Name, g.Type);
            if (locNames.Count == first)
            {
                throw Error(SourcePos.None, $"vrm_page variable '{g.Name}' has no integer or pointer cell to access");
            }
            InitGlobal(g);
            long va = Program.AddressBase + (pa - Program.PhysicalBase);
            addressOf[g.Name] = va;
            long pte = Program.PageTableBase + ((va - Program.AddressBase) / PageSize * 8);
            pages.Add(new VmsaVariable(g.Name, va, pa, pte, first, -1));
        }
        // The entries are cells of the page tables' own physical memory, which code writes through vrm_pte_of.
        for (int k = 0; k < pages.Count; k++)
        {
            var v = pages[k];
            locNames.Add($"PTE({v.Name})");
            locAddresses.Add(v.PteAddress);
            locSizes.Add(8);
            initial.Add(Pte.Encode(PteFields.Default(v.PhysicalAddress)));
            owners.Add(-1);
            pages[k] = v with { PteLoc = locNames.Count - 1 };
        }
    }
}
