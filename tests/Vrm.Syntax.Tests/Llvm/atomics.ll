; ModuleID = 'atomics.c'
source_filename = "atomics.c"
target datalayout = "e-m:e-i8:8:32-i16:16:32-i64:64-i128:128-n32:64-S128"
target triple = "aarch64-unknown-linux-gnu"

@taken = dso_local global i8 0, align 4, !dbg !0
@counter = dso_local global i32 0, align 4, !dbg !16
@wide = dso_local global i64 0, align 8, !dbg !21
@plain = dso_local global i32 0, align 4, !dbg !34
@mmio = dso_local global i32 0, align 4, !dbg !29

; Function Attrs: mustprogress nofree norecurse nounwind uwtable willreturn
define dso_local i1 @try_lock() local_unnamed_addr #0 !dbg !51 {
  call void @llvm.dbg.value(metadata i8 0, metadata !55, metadata !DIExpression()), !dbg !56
  %1 = cmpxchg i8* @taken, i8 0, i8 1 acquire monotonic, align 1, !dbg !57
  %2 = extractvalue { i8, i1 } %1, 1, !dbg !57
  ret i1 %2, !dbg !58
}

; Function Attrs: mustprogress nofree norecurse nounwind uwtable willreturn
define dso_local void @unlock() local_unnamed_addr #0 !dbg !59 {
  store atomic i8 0, i8* @taken release, align 4, !dbg !63
  ret void, !dbg !64
}

; Function Attrs: nofree norecurse nounwind uwtable
define dso_local void @spin_lock() local_unnamed_addr #1 !dbg !65 {
  br label %1, !dbg !68

1:                                                ; preds = %1, %0
  call void @llvm.dbg.value(metadata i32 0, metadata !67, metadata !DIExpression()), !dbg !69
  %2 = cmpxchg weak i32* @counter, i32 0, i32 1 acq_rel acquire, align 4, !dbg !70
  %3 = extractvalue { i32, i1 } %2, 1, !dbg !70
  br i1 %3, label %4, label %1, !dbg !71, !llvm.loop !73

4:                                                ; preds = %1
  ret void, !dbg !77
}

; Function Attrs: mustprogress nofree norecurse nounwind uwtable willreturn
define dso_local i64 @rmw_all(i64 noundef %0) local_unnamed_addr #0 !dbg !78 {
  call void @llvm.dbg.value(metadata i64 %0, metadata !82, metadata !DIExpression()), !dbg !84
  call void @llvm.dbg.value(metadata i64 0, metadata !83, metadata !DIExpression()), !dbg !84
  %2 = atomicrmw add i64* @wide, i64 %0 monotonic, align 8, !dbg !85
  call void @llvm.dbg.value(metadata i64 %2, metadata !83, metadata !DIExpression()), !dbg !84
  %3 = atomicrmw sub i64* @wide, i64 1 release, align 8, !dbg !86
  %4 = add i64 %3, %2, !dbg !87
  call void @llvm.dbg.value(metadata i64 %4, metadata !83, metadata !DIExpression()), !dbg !84
  %5 = atomicrmw and i64* @wide, i64 255 seq_cst, align 8, !dbg !88
  %6 = add i64 %4, %5, !dbg !89
  call void @llvm.dbg.value(metadata i64 %6, metadata !83, metadata !DIExpression()), !dbg !84
  %7 = atomicrmw or i64* @wide, i64 256 acquire, align 8, !dbg !90
  %8 = add i64 %6, %7, !dbg !91
  call void @llvm.dbg.value(metadata i64 %8, metadata !83, metadata !DIExpression()), !dbg !84
  %9 = atomicrmw xor i64* @wide, i64 3 seq_cst, align 8, !dbg !92
  %10 = add i64 %8, %9, !dbg !93
  call void @llvm.dbg.value(metadata i64 %10, metadata !83, metadata !DIExpression()), !dbg !84
  %11 = atomicrmw xchg i64* @wide, i64 7 acq_rel, align 8, !dbg !94
  %12 = add i64 %10, %11, !dbg !95
  call void @llvm.dbg.value(metadata i64 %12, metadata !83, metadata !DIExpression()), !dbg !84
  %13 = atomicrmw nand i32* @plain, i32 5 seq_cst, align 4, !dbg !96
  %14 = sext i32 %13 to i64, !dbg !96
  %15 = add i64 %12, %14, !dbg !97
  call void @llvm.dbg.value(metadata i64 %15, metadata !83, metadata !DIExpression()), !dbg !84
  %16 = atomicrmw max i32* @plain, i32 5 seq_cst, align 4, !dbg !98
  %17 = sext i32 %16 to i64, !dbg !98
  %18 = add i64 %15, %17, !dbg !99
  call void @llvm.dbg.value(metadata i64 %18, metadata !83, metadata !DIExpression()), !dbg !84
  ret i64 %18, !dbg !100
}

; Function Attrs: mustprogress nofree norecurse nounwind uwtable willreturn
define dso_local void @fences() local_unnamed_addr #0 !dbg !101 {
  fence seq_cst, !dbg !102
  fence syncscope("singlethread") seq_cst, !dbg !103
  ret void, !dbg !104
}

; Function Attrs: nofree norecurse nounwind uwtable
define dso_local i32 @poll() local_unnamed_addr #1 !dbg !105 {
  %1 = load volatile i32, i32* @mmio, align 4, !dbg !110, !tbaa !111
  call void @llvm.dbg.value(metadata i32 %1, metadata !109, metadata !DIExpression()), !dbg !115
  %2 = icmp eq i32 %1, 0, !dbg !116
  br i1 %2, label %3, label %6, !dbg !117

3:                                                ; preds = %0, %3
  store volatile i32 1, i32* @mmio, align 4, !dbg !118, !tbaa !111
  %4 = load volatile i32, i32* @mmio, align 4, !dbg !110, !tbaa !111
  call void @llvm.dbg.value(metadata i32 %4, metadata !109, metadata !DIExpression()), !dbg !115
  %5 = icmp eq i32 %4, 0, !dbg !116
  br i1 %5, label %3, label %6, !dbg !117, !llvm.loop !119

6:                                                ; preds = %3, %0
  %7 = phi i32 [ %1, %0 ], [ %4, %3 ], !dbg !110
  %8 = load atomic i32, i32* @counter monotonic, align 4, !dbg !121
  %9 = add i32 %8, %7, !dbg !122
  %10 = load atomic i32, i32* @counter seq_cst, align 4, !dbg !123
  %11 = add i32 %9, %10, !dbg !124
  ret i32 %11, !dbg !125
}

; Function Attrs: nofree nosync nounwind readnone speculatable willreturn
declare void @llvm.dbg.value(metadata, metadata, metadata) #2

attributes #0 = { mustprogress nofree norecurse nounwind uwtable willreturn "frame-pointer"="non-leaf" "min-legal-vector-width"="0" "no-trapping-math"="true" "stack-protector-buffer-size"="8" "target-cpu"="generic" "target-features"="+neon,+v8a" }
attributes #1 = { nofree norecurse nounwind uwtable "frame-pointer"="non-leaf" "min-legal-vector-width"="0" "no-trapping-math"="true" "stack-protector-buffer-size"="8" "target-cpu"="generic" "target-features"="+neon,+v8a" }
attributes #2 = { nofree nosync nounwind readnone speculatable willreturn }

!llvm.dbg.cu = !{!2}
!llvm.module.flags = !{!39, !40, !41, !42, !43, !44, !45, !46, !47, !48, !49}
!llvm.ident = !{!50}

!0 = !DIGlobalVariableExpression(var: !1, expr: !DIExpression())
!1 = distinct !DIGlobalVariable(name: "taken", scope: !2, file: !3, line: 8, type: !36, isLocal: false, isDefinition: true)
!2 = distinct !DICompileUnit(language: DW_LANG_C99, file: !3, producer: "Debian clang version 14.0.6", isOptimized: true, runtimeVersion: 0, emissionKind: FullDebug, enums: !4, globals: !15, splitDebugInlining: false, nameTableKind: None)
!3 = !DIFile(filename: "atomics.c", directory: ".", checksumkind: CSK_MD5, checksum: "d3526023534158cc5f9c060386b5dd62")
!4 = !{!5}
!5 = !DICompositeType(tag: DW_TAG_enumeration_type, name: "memory_order", file: !6, line: 56, baseType: !7, size: 32, elements: !8)
!6 = !DIFile(filename: "/usr/lib/llvm-14/lib/clang/14.0.6/include/stdatomic.h", directory: "", checksumkind: CSK_MD5, checksum: "de5d66a1ef2f5448cc1919ff39db92bc")
!7 = !DIBasicType(name: "unsigned int", size: 32, encoding: DW_ATE_unsigned)
!8 = !{!9, !10, !11, !12, !13, !14}
!9 = !DIEnumerator(name: "memory_order_relaxed", value: 0)
!10 = !DIEnumerator(name: "memory_order_consume", value: 1)
!11 = !DIEnumerator(name: "memory_order_acquire", value: 2)
!12 = !DIEnumerator(name: "memory_order_release", value: 3)
!13 = !DIEnumerator(name: "memory_order_acq_rel", value: 4)
!14 = !DIEnumerator(name: "memory_order_seq_cst", value: 5)
!15 = !{!16, !21, !0, !29, !34}
!16 = !DIGlobalVariableExpression(var: !17, expr: !DIExpression())
!17 = distinct !DIGlobalVariable(name: "counter", scope: !2, file: !3, line: 6, type: !18, isLocal: false, isDefinition: true)
!18 = !DIDerivedType(tag: DW_TAG_typedef, name: "atomic_int", file: !6, line: 92, baseType: !19)
!19 = !DIDerivedType(tag: DW_TAG_atomic_type, baseType: !20)
!20 = !DIBasicType(name: "int", size: 32, encoding: DW_ATE_signed)
!21 = !DIGlobalVariableExpression(var: !22, expr: !DIExpression())
!22 = distinct !DIGlobalVariable(name: "wide", scope: !2, file: !3, line: 7, type: !23, isLocal: false, isDefinition: true)
!23 = !DIDerivedType(tag: DW_TAG_atomic_type, baseType: !24)
!24 = !DIDerivedType(tag: DW_TAG_typedef, name: "uint64_t", file: !25, line: 27, baseType: !26)
!25 = !DIFile(filename: "/usr/aarch64-linux-gnu/include/bits/stdint-uintn.h", directory: "", checksumkind: CSK_MD5, checksum: "2bf2ae53c58c01b1a1b9383b5195125c")
!26 = !DIDerivedType(tag: DW_TAG_typedef, name: "__uint64_t", file: !27, line: 45, baseType: !28)
!27 = !DIFile(filename: "/usr/aarch64-linux-gnu/include/bits/types.h", directory: "", checksumkind: CSK_MD5, checksum: "d108b5f93a74c50510d7d9bc0ab36df9")
!28 = !DIBasicType(name: "unsigned long", size: 64, encoding: DW_ATE_unsigned)
!29 = !DIGlobalVariableExpression(var: !30, expr: !DIExpression())
!30 = distinct !DIGlobalVariable(name: "mmio", scope: !2, file: !3, line: 9, type: !31, isLocal: false, isDefinition: true)
!31 = !DIDerivedType(tag: DW_TAG_volatile_type, baseType: !32)
!32 = !DIDerivedType(tag: DW_TAG_typedef, name: "uint32_t", file: !25, line: 26, baseType: !33)
!33 = !DIDerivedType(tag: DW_TAG_typedef, name: "__uint32_t", file: !27, line: 42, baseType: !7)
!34 = !DIGlobalVariableExpression(var: !35, expr: !DIExpression())
!35 = distinct !DIGlobalVariable(name: "plain", scope: !2, file: !3, line: 10, type: !20, isLocal: false, isDefinition: true)
!36 = !DIDerivedType(tag: DW_TAG_typedef, name: "atomic_bool", file: !6, line: 85, baseType: !37)
!37 = !DIDerivedType(tag: DW_TAG_atomic_type, baseType: !38)
!38 = !DIBasicType(name: "_Bool", size: 8, encoding: DW_ATE_boolean)
!39 = !{i32 7, !"Dwarf Version", i32 5}
!40 = !{i32 2, !"Debug Info Version", i32 3}
!41 = !{i32 1, !"wchar_size", i32 4}
!42 = !{i32 1, !"branch-target-enforcement", i32 0}
!43 = !{i32 1, !"sign-return-address", i32 0}
!44 = !{i32 1, !"sign-return-address-all", i32 0}
!45 = !{i32 1, !"sign-return-address-with-bkey", i32 0}
!46 = !{i32 7, !"PIC Level", i32 2}
!47 = !{i32 7, !"PIE Level", i32 2}
!48 = !{i32 7, !"uwtable", i32 1}
!49 = !{i32 7, !"frame-pointer", i32 1}
!50 = !{!"Debian clang version 14.0.6"}
!51 = distinct !DISubprogram(name: "try_lock", scope: !3, file: !3, line: 12, type: !52, scopeLine: 13, flags: DIFlagPrototyped | DIFlagAllCallsDescribed, spFlags: DISPFlagDefinition | DISPFlagOptimized, unit: !2, retainedNodes: !54)
!52 = !DISubroutineType(types: !53)
!53 = !{!38}
!54 = !{!55}
!55 = !DILocalVariable(name: "expected", scope: !51, file: !3, line: 14, type: !38)
!56 = !DILocation(line: 0, scope: !51)
!57 = !DILocation(line: 15, column: 12, scope: !51)
!58 = !DILocation(line: 15, column: 5, scope: !51)
!59 = distinct !DISubprogram(name: "unlock", scope: !3, file: !3, line: 18, type: !60, scopeLine: 18, flags: DIFlagPrototyped | DIFlagAllCallsDescribed, spFlags: DISPFlagDefinition | DISPFlagOptimized, unit: !2, retainedNodes: !62)
!60 = !DISubroutineType(types: !61)
!61 = !{null}
!62 = !{}
!63 = !DILocation(line: 18, column: 21, scope: !59)
!64 = !DILocation(line: 18, column: 81, scope: !59)
!65 = distinct !DISubprogram(name: "spin_lock", scope: !3, file: !3, line: 20, type: !60, scopeLine: 21, flags: DIFlagPrototyped | DIFlagAllCallsDescribed, spFlags: DISPFlagDefinition | DISPFlagOptimized, unit: !2, retainedNodes: !66)
!66 = !{!67}
!67 = !DILocalVariable(name: "expected", scope: !65, file: !3, line: 22, type: !20)
!68 = !DILocation(line: 23, column: 5, scope: !65)
!69 = !DILocation(line: 0, scope: !65)
!70 = !DILocation(line: 25, column: 15, scope: !65)
!71 = !DILocation(line: 25, column: 5, scope: !72)
!72 = distinct !DILexicalBlock(scope: !65, file: !3, line: 23, column: 8)
!73 = distinct !{!73, !68, !74, !75, !76}
!74 = !DILocation(line: 25, column: 120, scope: !65)
!75 = !{!"llvm.loop.mustprogress"}
!76 = !{!"llvm.loop.unroll.disable"}
!77 = !DILocation(line: 26, column: 1, scope: !65)
!78 = distinct !DISubprogram(name: "rmw_all", scope: !3, file: !3, line: 28, type: !79, scopeLine: 29, flags: DIFlagPrototyped | DIFlagAllCallsDescribed, spFlags: DISPFlagDefinition | DISPFlagOptimized, unit: !2, retainedNodes: !81)
!79 = !DISubroutineType(types: !80)
!80 = !{!24, !24}
!81 = !{!82, !83}
!82 = !DILocalVariable(name: "v", arg: 1, scope: !78, file: !3, line: 28, type: !24)
!83 = !DILocalVariable(name: "r", scope: !78, file: !3, line: 30, type: !24)
!84 = !DILocation(line: 0, scope: !78)
!85 = !DILocation(line: 31, column: 10, scope: !78)
!86 = !DILocation(line: 32, column: 10, scope: !78)
!87 = !DILocation(line: 32, column: 7, scope: !78)
!88 = !DILocation(line: 33, column: 10, scope: !78)
!89 = !DILocation(line: 33, column: 7, scope: !78)
!90 = !DILocation(line: 34, column: 10, scope: !78)
!91 = !DILocation(line: 34, column: 7, scope: !78)
!92 = !DILocation(line: 35, column: 10, scope: !78)
!93 = !DILocation(line: 35, column: 7, scope: !78)
!94 = !DILocation(line: 36, column: 10, scope: !78)
!95 = !DILocation(line: 36, column: 7, scope: !78)
!96 = !DILocation(line: 37, column: 10, scope: !78)
!97 = !DILocation(line: 37, column: 7, scope: !78)
!98 = !DILocation(line: 38, column: 10, scope: !78)
!99 = !DILocation(line: 38, column: 7, scope: !78)
!100 = !DILocation(line: 39, column: 5, scope: !78)
!101 = distinct !DISubprogram(name: "fences", scope: !3, file: !3, line: 42, type: !60, scopeLine: 43, flags: DIFlagPrototyped | DIFlagAllCallsDescribed, spFlags: DISPFlagDefinition | DISPFlagOptimized, unit: !2, retainedNodes: !62)
!102 = !DILocation(line: 47, column: 5, scope: !101)
!103 = !DILocation(line: 48, column: 5, scope: !101)
!104 = !DILocation(line: 49, column: 1, scope: !101)
!105 = distinct !DISubprogram(name: "poll", scope: !3, file: !3, line: 51, type: !106, scopeLine: 52, flags: DIFlagPrototyped | DIFlagAllCallsDescribed, spFlags: DISPFlagDefinition | DISPFlagOptimized, unit: !2, retainedNodes: !108)
!106 = !DISubroutineType(types: !107)
!107 = !{!32}
!108 = !{!109}
!109 = !DILocalVariable(name: "v", scope: !105, file: !3, line: 53, type: !32)
!110 = !DILocation(line: 54, column: 17, scope: !105)
!111 = !{!112, !112, i64 0}
!112 = !{!"int", !113, i64 0}
!113 = !{!"omnipotent char", !114, i64 0}
!114 = !{!"Simple C/C++ TBAA"}
!115 = !DILocation(line: 0, scope: !105)
!116 = !DILocation(line: 54, column: 23, scope: !105)
!117 = !DILocation(line: 54, column: 5, scope: !105)
!118 = !DILocation(line: 55, column: 14, scope: !105)
!119 = distinct !{!119, !117, !120, !75, !76}
!120 = !DILocation(line: 55, column: 16, scope: !105)
!121 = !DILocation(line: 56, column: 16, scope: !105)
!122 = !DILocation(line: 56, column: 14, scope: !105)
!123 = !DILocation(line: 56, column: 71, scope: !105)
!124 = !DILocation(line: 56, column: 69, scope: !105)
!125 = !DILocation(line: 56, column: 5, scope: !105)
