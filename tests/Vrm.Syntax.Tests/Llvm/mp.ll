; ModuleID = 'mp.c'
source_filename = "mp.c"
target datalayout = "e-m:e-i8:8:32-i16:16:32-i64:64-i128:128-n32:64-S128"
target triple = "aarch64-unknown-linux-gnu"

%union.pthread_attr_t = type { i64, [56 x i8] }

@data = dso_local local_unnamed_addr global i32 0, align 4, !dbg !0
@flag = dso_local local_unnamed_addr global i32 0, align 4, !dbg !16
@.str = private unnamed_addr constant [11 x i8] c"data == 42\00", align 1
@.str.1 = private unnamed_addr constant [5 x i8] c"mp.c\00", align 1
@__PRETTY_FUNCTION__.reader = private unnamed_addr constant [21 x i8] c"void *reader(void *)\00", align 1

; Function Attrs: nounwind uwtable
define dso_local i8* @writer(i8* nocapture readnone %0) #0 !dbg !33 {
  call void @llvm.dbg.value(metadata i8* undef, metadata !38, metadata !DIExpression()), !dbg !39
  store i32 42, i32* @data, align 4, !dbg !40, !tbaa !41
  call void asm sideeffect "dmb ish", "~{memory}"() #6, !dbg !45, !srcloc !51
  store atomic i32 1, i32* @flag release, align 4, !dbg !52
  ret i8* null, !dbg !53
}

; Function Attrs: nounwind uwtable
define dso_local i8* @reader(i8* noundef readnone returned %0) #0 !dbg !54 {
  call void @llvm.dbg.value(metadata i8* %0, metadata !56, metadata !DIExpression()), !dbg !57
  br label %2, !dbg !58

2:                                                ; preds = %2, %1
  %3 = load atomic i32, i32* @flag acquire, align 4, !dbg !59
  %4 = icmp eq i32 %3, 0, !dbg !60
  br i1 %4, label %2, label %5, !dbg !58, !llvm.loop !61

5:                                                ; preds = %2
  %6 = load i32, i32* @data, align 4, !dbg !65, !tbaa !41
  %7 = icmp eq i32 %6, 42, !dbg !65
  br i1 %7, label %9, label %8, !dbg !68

8:                                                ; preds = %5
  call void @__assert_fail(i8* noundef getelementptr inbounds ([11 x i8], [11 x i8]* @.str, i64 0, i64 0), i8* noundef getelementptr inbounds ([5 x i8], [5 x i8]* @.str.1, i64 0, i64 0), i32 noundef 23, i8* noundef getelementptr inbounds ([21 x i8], [21 x i8]* @__PRETTY_FUNCTION__.reader, i64 0, i64 0)) #7, !dbg !65
  unreachable, !dbg !65

9:                                                ; preds = %5
  ret i8* %0, !dbg !69
}

; Function Attrs: noreturn nounwind
declare void @__assert_fail(i8* noundef, i8* noundef, i32 noundef, i8* noundef) local_unnamed_addr #1

; Function Attrs: nounwind uwtable
define dso_local i32 @main() local_unnamed_addr #0 !dbg !70 {
  %1 = alloca i64, align 8
  %2 = alloca i64, align 8
  %3 = bitcast i64* %1 to i8*, !dbg !79
  call void @llvm.lifetime.start.p0i8(i64 8, i8* nonnull %3) #6, !dbg !79
  %4 = bitcast i64* %2 to i8*, !dbg !79
  call void @llvm.lifetime.start.p0i8(i64 8, i8* nonnull %4) #6, !dbg !79
  call void @llvm.dbg.value(metadata i64* %1, metadata !74, metadata !DIExpression(DW_OP_deref)), !dbg !80
  %5 = call i32 @pthread_create(i64* noundef nonnull %1, %union.pthread_attr_t* noundef null, i8* (i8*)* noundef nonnull @writer, i8* noundef null) #6, !dbg !81
  call void @llvm.dbg.value(metadata i64* %2, metadata !78, metadata !DIExpression(DW_OP_deref)), !dbg !80
  %6 = call i32 @pthread_create(i64* noundef nonnull %2, %union.pthread_attr_t* noundef null, i8* (i8*)* noundef nonnull @reader, i8* noundef null) #6, !dbg !82
  %7 = load i64, i64* %1, align 8, !dbg !83, !tbaa !84
  call void @llvm.dbg.value(metadata i64 %7, metadata !74, metadata !DIExpression()), !dbg !80
  %8 = call i32 @pthread_join(i64 noundef %7, i8** noundef null) #6, !dbg !86
  %9 = load i64, i64* %2, align 8, !dbg !87, !tbaa !84
  call void @llvm.dbg.value(metadata i64 %9, metadata !78, metadata !DIExpression()), !dbg !80
  %10 = call i32 @pthread_join(i64 noundef %9, i8** noundef null) #6, !dbg !88
  call void @llvm.lifetime.end.p0i8(i64 8, i8* nonnull %4) #6, !dbg !89
  call void @llvm.lifetime.end.p0i8(i64 8, i8* nonnull %3) #6, !dbg !89
  ret i32 0, !dbg !90
}

; Function Attrs: argmemonly mustprogress nofree nosync nounwind willreturn
declare void @llvm.lifetime.start.p0i8(i64 immarg, i8* nocapture) #2

; Function Attrs: nounwind
declare !dbg !91 i32 @pthread_create(i64* noundef, %union.pthread_attr_t* noundef, i8* (i8*)* noundef, i8* noundef) local_unnamed_addr #3

declare !dbg !112 i32 @pthread_join(i64 noundef, i8** noundef) local_unnamed_addr #4

; Function Attrs: argmemonly mustprogress nofree nosync nounwind willreturn
declare void @llvm.lifetime.end.p0i8(i64 immarg, i8* nocapture) #2

; Function Attrs: nofree nosync nounwind readnone speculatable willreturn
declare void @llvm.dbg.value(metadata, metadata, metadata) #5

attributes #0 = { nounwind uwtable "frame-pointer"="non-leaf" "min-legal-vector-width"="0" "no-trapping-math"="true" "stack-protector-buffer-size"="8" "target-cpu"="generic" "target-features"="+neon,+v8a" }
attributes #1 = { noreturn nounwind "frame-pointer"="non-leaf" "no-trapping-math"="true" "stack-protector-buffer-size"="8" "target-cpu"="generic" "target-features"="+neon,+v8a" }
attributes #2 = { argmemonly mustprogress nofree nosync nounwind willreturn }
attributes #3 = { nounwind "frame-pointer"="non-leaf" "no-trapping-math"="true" "stack-protector-buffer-size"="8" "target-cpu"="generic" "target-features"="+neon,+v8a" }
attributes #4 = { "frame-pointer"="non-leaf" "no-trapping-math"="true" "stack-protector-buffer-size"="8" "target-cpu"="generic" "target-features"="+neon,+v8a" }
attributes #5 = { nofree nosync nounwind readnone speculatable willreturn }
attributes #6 = { nounwind }
attributes #7 = { noreturn nounwind }

!llvm.dbg.cu = !{!2}
!llvm.module.flags = !{!21, !22, !23, !24, !25, !26, !27, !28, !29, !30, !31}
!llvm.ident = !{!32}

!0 = !DIGlobalVariableExpression(var: !1, expr: !DIExpression())
!1 = distinct !DIGlobalVariable(name: "data", scope: !2, file: !3, line: 6, type: !20, isLocal: false, isDefinition: true)
!2 = distinct !DICompileUnit(language: DW_LANG_C99, file: !3, producer: "Debian clang version 14.0.6", isOptimized: true, runtimeVersion: 0, emissionKind: FullDebug, enums: !4, globals: !15, splitDebugInlining: false, nameTableKind: None)
!3 = !DIFile(filename: "mp.c", directory: ".", checksumkind: CSK_MD5, checksum: "cec815a42c354c62ac272528c44ed88d")
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
!15 = !{!0, !16}
!16 = !DIGlobalVariableExpression(var: !17, expr: !DIExpression())
!17 = distinct !DIGlobalVariable(name: "flag", scope: !2, file: !3, line: 7, type: !18, isLocal: false, isDefinition: true)
!18 = !DIDerivedType(tag: DW_TAG_typedef, name: "atomic_int", file: !6, line: 92, baseType: !19)
!19 = !DIDerivedType(tag: DW_TAG_atomic_type, baseType: !20)
!20 = !DIBasicType(name: "int", size: 32, encoding: DW_ATE_signed)
!21 = !{i32 7, !"Dwarf Version", i32 5}
!22 = !{i32 2, !"Debug Info Version", i32 3}
!23 = !{i32 1, !"wchar_size", i32 4}
!24 = !{i32 1, !"branch-target-enforcement", i32 0}
!25 = !{i32 1, !"sign-return-address", i32 0}
!26 = !{i32 1, !"sign-return-address-all", i32 0}
!27 = !{i32 1, !"sign-return-address-with-bkey", i32 0}
!28 = !{i32 7, !"PIC Level", i32 2}
!29 = !{i32 7, !"PIE Level", i32 2}
!30 = !{i32 7, !"uwtable", i32 1}
!31 = !{i32 7, !"frame-pointer", i32 1}
!32 = !{!"Debian clang version 14.0.6"}
!33 = distinct !DISubprogram(name: "writer", scope: !3, file: !3, line: 11, type: !34, scopeLine: 12, flags: DIFlagPrototyped | DIFlagAllCallsDescribed, spFlags: DISPFlagDefinition | DISPFlagOptimized, unit: !2, retainedNodes: !37)
!34 = !DISubroutineType(types: !35)
!35 = !{!36, !36}
!36 = !DIDerivedType(tag: DW_TAG_pointer_type, baseType: null, size: 64)
!37 = !{!38}
!38 = !DILocalVariable(name: "arg", arg: 1, scope: !33, file: !3, line: 11, type: !36)
!39 = !DILocation(line: 0, scope: !33)
!40 = !DILocation(line: 13, column: 10, scope: !33)
!41 = !{!42, !42, i64 0}
!42 = !{!"int", !43, i64 0}
!43 = !{!"omnipotent char", !44, i64 0}
!44 = !{!"Simple C/C++ TBAA"}
!45 = !DILocation(line: 9, column: 36, scope: !46, inlinedAt: !50)
!46 = distinct !DISubprogram(name: "dmb_ish", scope: !3, file: !3, line: 9, type: !47, scopeLine: 9, flags: DIFlagPrototyped | DIFlagAllCallsDescribed, spFlags: DISPFlagLocalToUnit | DISPFlagDefinition | DISPFlagOptimized, unit: !2, retainedNodes: !49)
!47 = !DISubroutineType(types: !48)
!48 = !{null}
!49 = !{}
!50 = distinct !DILocation(line: 14, column: 5, scope: !33)
!51 = !{i64 233}
!52 = !DILocation(line: 15, column: 5, scope: !33)
!53 = !DILocation(line: 16, column: 5, scope: !33)
!54 = distinct !DISubprogram(name: "reader", scope: !3, file: !3, line: 19, type: !34, scopeLine: 20, flags: DIFlagPrototyped | DIFlagAllCallsDescribed, spFlags: DISPFlagDefinition | DISPFlagOptimized, unit: !2, retainedNodes: !55)
!55 = !{!56}
!56 = !DILocalVariable(name: "arg", arg: 1, scope: !54, file: !3, line: 19, type: !36)
!57 = !DILocation(line: 0, scope: !54)
!58 = !DILocation(line: 21, column: 5, scope: !54)
!59 = !DILocation(line: 21, column: 12, scope: !54)
!60 = !DILocation(line: 21, column: 62, scope: !54)
!61 = distinct !{!61, !58, !62, !63, !64}
!62 = !DILocation(line: 22, column: 9, scope: !54)
!63 = !{!"llvm.loop.mustprogress"}
!64 = !{!"llvm.loop.unroll.disable"}
!65 = !DILocation(line: 23, column: 5, scope: !66)
!66 = distinct !DILexicalBlock(scope: !67, file: !3, line: 23, column: 5)
!67 = distinct !DILexicalBlock(scope: !54, file: !3, line: 23, column: 5)
!68 = !DILocation(line: 23, column: 5, scope: !67)
!69 = !DILocation(line: 24, column: 5, scope: !54)
!70 = distinct !DISubprogram(name: "main", scope: !3, file: !3, line: 27, type: !71, scopeLine: 28, flags: DIFlagPrototyped | DIFlagAllCallsDescribed, spFlags: DISPFlagDefinition | DISPFlagOptimized, unit: !2, retainedNodes: !73)
!71 = !DISubroutineType(types: !72)
!72 = !{!20}
!73 = !{!74, !78}
!74 = !DILocalVariable(name: "a", scope: !70, file: !3, line: 29, type: !75)
!75 = !DIDerivedType(tag: DW_TAG_typedef, name: "pthread_t", file: !76, line: 27, baseType: !77)
!76 = !DIFile(filename: "/usr/aarch64-linux-gnu/include/bits/pthreadtypes.h", directory: "", checksumkind: CSK_MD5, checksum: "735e3bf264ff9d8f5d95898b1692fbdb")
!77 = !DIBasicType(name: "unsigned long", size: 64, encoding: DW_ATE_unsigned)
!78 = !DILocalVariable(name: "b", scope: !70, file: !3, line: 29, type: !75)
!79 = !DILocation(line: 29, column: 5, scope: !70)
!80 = !DILocation(line: 0, scope: !70)
!81 = !DILocation(line: 30, column: 5, scope: !70)
!82 = !DILocation(line: 31, column: 5, scope: !70)
!83 = !DILocation(line: 32, column: 18, scope: !70)
!84 = !{!85, !85, i64 0}
!85 = !{!"long", !43, i64 0}
!86 = !DILocation(line: 32, column: 5, scope: !70)
!87 = !DILocation(line: 33, column: 18, scope: !70)
!88 = !DILocation(line: 33, column: 5, scope: !70)
!89 = !DILocation(line: 35, column: 1, scope: !70)
!90 = !DILocation(line: 34, column: 5, scope: !70)
!91 = !DISubprogram(name: "pthread_create", scope: !92, file: !92, line: 202, type: !93, flags: DIFlagPrototyped, spFlags: DISPFlagOptimized, retainedNodes: !49)
!92 = !DIFile(filename: "/usr/aarch64-linux-gnu/include/pthread.h", directory: "", checksumkind: CSK_MD5, checksum: "5205981c6f80cc3dc1e81231df63d8ef")
!93 = !DISubroutineType(types: !94)
!94 = !{!20, !95, !97, !110, !111}
!95 = !DIDerivedType(tag: DW_TAG_restrict_type, baseType: !96)
!96 = !DIDerivedType(tag: DW_TAG_pointer_type, baseType: !75, size: 64)
!97 = !DIDerivedType(tag: DW_TAG_restrict_type, baseType: !98)
!98 = !DIDerivedType(tag: DW_TAG_pointer_type, baseType: !99, size: 64)
!99 = !DIDerivedType(tag: DW_TAG_const_type, baseType: !100)
!100 = !DIDerivedType(tag: DW_TAG_typedef, name: "pthread_attr_t", file: !76, line: 62, baseType: !101)
!101 = distinct !DICompositeType(tag: DW_TAG_union_type, name: "pthread_attr_t", file: !76, line: 56, size: 512, elements: !102)
!102 = !{!103, !108}
!103 = !DIDerivedType(tag: DW_TAG_member, name: "__size", scope: !101, file: !76, line: 58, baseType: !104, size: 512)
!104 = !DICompositeType(tag: DW_TAG_array_type, baseType: !105, size: 512, elements: !106)
!105 = !DIBasicType(name: "char", size: 8, encoding: DW_ATE_unsigned_char)
!106 = !{!107}
!107 = !DISubrange(count: 64)
!108 = !DIDerivedType(tag: DW_TAG_member, name: "__align", scope: !101, file: !76, line: 59, baseType: !109, size: 64)
!109 = !DIBasicType(name: "long", size: 64, encoding: DW_ATE_signed)
!110 = !DIDerivedType(tag: DW_TAG_pointer_type, baseType: !34, size: 64)
!111 = !DIDerivedType(tag: DW_TAG_restrict_type, baseType: !36)
!112 = !DISubprogram(name: "pthread_join", scope: !92, file: !92, line: 219, type: !113, flags: DIFlagPrototyped, spFlags: DISPFlagOptimized, retainedNodes: !49)
!113 = !DISubroutineType(types: !114)
!114 = !{!20, !75, !115}
!115 = !DIDerivedType(tag: DW_TAG_pointer_type, baseType: !36, size: 64)
