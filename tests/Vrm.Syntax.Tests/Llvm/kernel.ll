; ModuleID = 'kernel.c'
source_filename = "kernel.c"
target datalayout = "e-m:e-i8:8:32-i16:16:32-i64:64-i128:128-n32:64-S128"
target triple = "aarch64-unknown-linux-gnu"

%struct.ring = type { i32, i32, [8 x i32] }

@ring = dso_local global %struct.ring zeroinitializer, align 4, !dbg !0
@seen = internal unnamed_addr global [8 x i32] zeroinitializer, align 4, !dbg !11
@llvm.compiler.used = appending global [2 x i8*] [i8* bitcast (void ()* @consumer to i8*), i8* bitcast (void ()* @producer to i8*)], section "llvm.metadata"

; Function Attrs: nounwind uwtable
define dso_local void @producer() #0 section "vrm_thread" !dbg !34 {
  call void @llvm.dbg.value(metadata i32 0, metadata !38, metadata !DIExpression()), !dbg !43
  br label %2, !dbg !44

1:                                                ; preds = %2
  ret void, !dbg !45

2:                                                ; preds = %0, %2
  %3 = phi i32 [ 0, %0 ], [ %5, %2 ]
  call void @llvm.dbg.value(metadata i32 %3, metadata !38, metadata !DIExpression()), !dbg !43
  %4 = load volatile i32, i32* getelementptr inbounds (%struct.ring, %struct.ring* @ring, i64 0, i32 0), align 4, !dbg !46, !tbaa !47
  call void @llvm.dbg.value(metadata i32 %4, metadata !40, metadata !DIExpression()), !dbg !51
  %5 = add nuw nsw i32 %3, 1, !dbg !52
  %6 = and i32 %4, 7, !dbg !53
  %7 = zext i32 %6 to i64, !dbg !54
  %8 = getelementptr inbounds %struct.ring, %struct.ring* @ring, i64 0, i32 2, i64 %7, !dbg !54
  store i32 %5, i32* %8, align 4, !dbg !55, !tbaa !47
  call void asm sideeffect "dmb ishst", "~{memory}"() #3, !dbg !56, !srcloc !57
  %9 = add i32 %4, 1, !dbg !58
  store volatile i32 %9, i32* getelementptr inbounds (%struct.ring, %struct.ring* @ring, i64 0, i32 0), align 4, !dbg !58, !tbaa !47
  call void @llvm.dbg.value(metadata i32 %5, metadata !38, metadata !DIExpression()), !dbg !43
  %10 = icmp eq i32 %5, 4, !dbg !59
  br i1 %10, label %1, label %2, !dbg !44, !llvm.loop !60
}

; Function Attrs: nounwind uwtable
define dso_local void @consumer() #0 section "vrm_thread" !dbg !64 {
  %1 = load volatile i32, i32* getelementptr inbounds (%struct.ring, %struct.ring* @ring, i64 0, i32 1), align 4, !dbg !67, !tbaa !47
  call void @llvm.dbg.value(metadata i32 %1, metadata !66, metadata !DIExpression()), !dbg !68
  %2 = call i32 asm sideeffect "ldar ${0:w}, [$1]", "=r,r,~{memory}"(i32* getelementptr inbounds (%struct.ring, %struct.ring* @ring, i64 0, i32 0)) #3, !dbg !69, !srcloc !79
  call void @llvm.dbg.value(metadata i32 %2, metadata !77, metadata !DIExpression()) #3, !dbg !80
  %3 = icmp eq i32 %1, %2, !dbg !81
  br i1 %3, label %14, label %4, !dbg !82

4:                                                ; preds = %0, %4
  %5 = phi i32 [ %11, %4 ], [ %1, %0 ]
  call void @llvm.dbg.value(metadata i32 %5, metadata !66, metadata !DIExpression()), !dbg !68
  %6 = and i32 %5, 7, !dbg !83
  %7 = zext i32 %6 to i64, !dbg !85
  %8 = getelementptr inbounds %struct.ring, %struct.ring* @ring, i64 0, i32 2, i64 %7, !dbg !85
  %9 = load i32, i32* %8, align 4, !dbg !85, !tbaa !47
  %10 = getelementptr inbounds [8 x i32], [8 x i32]* @seen, i64 0, i64 %7, !dbg !86
  store i32 %9, i32* %10, align 4, !dbg !87, !tbaa !47
  call void asm sideeffect "", "~{memory}"() #3, !dbg !88, !srcloc !89
  %11 = add i32 %5, 1, !dbg !90
  call void @llvm.dbg.value(metadata i32 %11, metadata !66, metadata !DIExpression()), !dbg !68
  %12 = call i32 asm sideeffect "ldar ${0:w}, [$1]", "=r,r,~{memory}"(i32* getelementptr inbounds (%struct.ring, %struct.ring* @ring, i64 0, i32 0)) #3, !dbg !69, !srcloc !79
  call void @llvm.dbg.value(metadata i32 %12, metadata !77, metadata !DIExpression()) #3, !dbg !80
  %13 = icmp eq i32 %11, %12, !dbg !81
  br i1 %13, label %14, label %4, !dbg !82, !llvm.loop !91

14:                                               ; preds = %4, %0
  %15 = phi i32 [ %1, %0 ], [ %11, %4 ], !dbg !68
  call void asm sideeffect "dmb ish", "~{memory}"() #3, !dbg !93, !srcloc !94
  store volatile i32 %15, i32* getelementptr inbounds (%struct.ring, %struct.ring* @ring, i64 0, i32 1), align 4, !dbg !95, !tbaa !47
  %16 = load i32, i32* getelementptr inbounds ([8 x i32], [8 x i32]* @seen, i64 0, i64 0), align 4, !dbg !96, !tbaa !47
  %17 = icmp ult i32 %16, 2, !dbg !98
  br i1 %17, label %19, label %18, !dbg !98

18:                                               ; preds = %14
  call void @llvm.trap(), !dbg !99
  unreachable, !dbg !99

19:                                               ; preds = %14
  ret void, !dbg !100
}

; Function Attrs: cold noreturn nounwind
declare void @llvm.trap() #1

; Function Attrs: nofree nosync nounwind readnone speculatable willreturn
declare void @llvm.dbg.value(metadata, metadata, metadata) #2

attributes #0 = { nounwind uwtable "frame-pointer"="non-leaf" "min-legal-vector-width"="0" "no-trapping-math"="true" "stack-protector-buffer-size"="8" "target-cpu"="generic" "target-features"="+neon,+v8a" }
attributes #1 = { cold noreturn nounwind }
attributes #2 = { nofree nosync nounwind readnone speculatable willreturn }
attributes #3 = { nounwind }

!llvm.dbg.cu = !{!2}
!llvm.module.flags = !{!22, !23, !24, !25, !26, !27, !28, !29, !30, !31, !32}
!llvm.ident = !{!33}

!0 = !DIGlobalVariableExpression(var: !1, expr: !DIExpression())
!1 = distinct !DIGlobalVariable(name: "ring", scope: !2, file: !3, line: 15, type: !17, isLocal: false, isDefinition: true)
!2 = distinct !DICompileUnit(language: DW_LANG_C99, file: !3, producer: "Debian clang version 14.0.6", isOptimized: true, runtimeVersion: 0, emissionKind: FullDebug, retainedTypes: !4, globals: !10, splitDebugInlining: false, nameTableKind: None)
!3 = !DIFile(filename: "kernel.c", directory: ".", checksumkind: CSK_MD5, checksum: "4fd87cd7b79b7aaba445d8308a1d7bfc")
!4 = !{!5, !9}
!5 = !DIDerivedType(tag: DW_TAG_pointer_type, baseType: !6, size: 64)
!6 = !DIDerivedType(tag: DW_TAG_const_type, baseType: !7)
!7 = !DIDerivedType(tag: DW_TAG_volatile_type, baseType: !8)
!8 = !DIBasicType(name: "unsigned int", size: 32, encoding: DW_ATE_unsigned)
!9 = !DIDerivedType(tag: DW_TAG_pointer_type, baseType: !7, size: 64)
!10 = !{!0, !11}
!11 = !DIGlobalVariableExpression(var: !12, expr: !DIExpression())
!12 = distinct !DIGlobalVariable(name: "seen", scope: !2, file: !3, line: 16, type: !13, isLocal: true, isDefinition: true)
!13 = !DICompositeType(tag: DW_TAG_array_type, baseType: !14, size: 256, elements: !15)
!14 = !DIBasicType(name: "int", size: 32, encoding: DW_ATE_signed)
!15 = !{!16}
!16 = !DISubrange(count: 8)
!17 = distinct !DICompositeType(tag: DW_TAG_structure_type, name: "ring", file: !3, line: 9, size: 320, elements: !18)
!18 = !{!19, !20, !21}
!19 = !DIDerivedType(tag: DW_TAG_member, name: "head", scope: !17, file: !3, line: 10, baseType: !8, size: 32)
!20 = !DIDerivedType(tag: DW_TAG_member, name: "tail", scope: !17, file: !3, line: 11, baseType: !8, size: 32, offset: 32)
!21 = !DIDerivedType(tag: DW_TAG_member, name: "slots", scope: !17, file: !3, line: 12, baseType: !13, size: 256, offset: 64)
!22 = !{i32 7, !"Dwarf Version", i32 5}
!23 = !{i32 2, !"Debug Info Version", i32 3}
!24 = !{i32 1, !"wchar_size", i32 4}
!25 = !{i32 1, !"branch-target-enforcement", i32 0}
!26 = !{i32 1, !"sign-return-address", i32 0}
!27 = !{i32 1, !"sign-return-address-all", i32 0}
!28 = !{i32 1, !"sign-return-address-with-bkey", i32 0}
!29 = !{i32 7, !"PIC Level", i32 2}
!30 = !{i32 7, !"PIE Level", i32 2}
!31 = !{i32 7, !"uwtable", i32 1}
!32 = !{i32 7, !"frame-pointer", i32 1}
!33 = !{!"Debian clang version 14.0.6"}
!34 = distinct !DISubprogram(name: "producer", scope: !3, file: !3, line: 25, type: !35, scopeLine: 26, flags: DIFlagPrototyped | DIFlagAllCallsDescribed, spFlags: DISPFlagDefinition | DISPFlagOptimized, unit: !2, retainedNodes: !37)
!35 = !DISubroutineType(types: !36)
!36 = !{null}
!37 = !{!38, !40}
!38 = !DILocalVariable(name: "i", scope: !39, file: !3, line: 27, type: !14)
!39 = distinct !DILexicalBlock(scope: !34, file: !3, line: 27, column: 5)
!40 = !DILocalVariable(name: "h", scope: !41, file: !3, line: 28, type: !8)
!41 = distinct !DILexicalBlock(scope: !42, file: !3, line: 27, column: 33)
!42 = distinct !DILexicalBlock(scope: !39, file: !3, line: 27, column: 5)
!43 = !DILocation(line: 0, scope: !39)
!44 = !DILocation(line: 27, column: 5, scope: !39)
!45 = !DILocation(line: 33, column: 1, scope: !34)
!46 = !DILocation(line: 28, column: 22, scope: !41)
!47 = !{!48, !48, i64 0}
!48 = !{!"int", !49, i64 0}
!49 = !{!"omnipotent char", !50, i64 0}
!50 = !{!"Simple C/C++ TBAA"}
!51 = !DILocation(line: 0, scope: !41)
!52 = !DILocation(line: 29, column: 31, scope: !41)
!53 = !DILocation(line: 29, column: 22, scope: !41)
!54 = !DILocation(line: 29, column: 9, scope: !41)
!55 = !DILocation(line: 29, column: 27, scope: !41)
!56 = !DILocation(line: 30, column: 9, scope: !41)
!57 = !{i64 2147497605}
!58 = !DILocation(line: 31, column: 9, scope: !41)
!59 = !DILocation(line: 27, column: 23, scope: !42)
!60 = distinct !{!60, !44, !61, !62, !63}
!61 = !DILocation(line: 32, column: 5, scope: !39)
!62 = !{!"llvm.loop.mustprogress"}
!63 = !{!"llvm.loop.unroll.disable"}
!64 = distinct !DISubprogram(name: "consumer", scope: !3, file: !3, line: 35, type: !35, scopeLine: 36, flags: DIFlagPrototyped | DIFlagAllCallsDescribed, spFlags: DISPFlagDefinition | DISPFlagOptimized, unit: !2, retainedNodes: !65)
!65 = !{!66}
!66 = !DILocalVariable(name: "t", scope: !64, file: !3, line: 37, type: !8)
!67 = !DILocation(line: 37, column: 18, scope: !64)
!68 = !DILocation(line: 0, scope: !64)
!69 = !DILocation(line: 21, column: 5, scope: !70, inlinedAt: !78)
!70 = distinct !DISubprogram(name: "ldar", scope: !3, file: !3, line: 18, type: !71, scopeLine: 19, flags: DIFlagPrototyped | DIFlagAllCallsDescribed, spFlags: DISPFlagLocalToUnit | DISPFlagDefinition | DISPFlagOptimized, unit: !2, retainedNodes: !75)
!71 = !DISubroutineType(types: !72)
!72 = !{!8, !73}
!73 = !DIDerivedType(tag: DW_TAG_pointer_type, baseType: !74, size: 64)
!74 = !DIDerivedType(tag: DW_TAG_const_type, baseType: !8)
!75 = !{!76, !77}
!76 = !DILocalVariable(name: "p", arg: 1, scope: !70, file: !3, line: 18, type: !73)
!77 = !DILocalVariable(name: "v", scope: !70, file: !3, line: 20, type: !8)
!78 = distinct !DILocation(line: 38, column: 17, scope: !64)
!79 = !{i64 644}
!80 = !DILocation(line: 0, scope: !70, inlinedAt: !78)
!81 = !DILocation(line: 38, column: 14, scope: !64)
!82 = !DILocation(line: 38, column: 5, scope: !64)
!83 = !DILocation(line: 39, column: 36, scope: !84)
!84 = distinct !DILexicalBlock(scope: !64, file: !3, line: 38, column: 35)
!85 = !DILocation(line: 39, column: 23, scope: !84)
!86 = !DILocation(line: 39, column: 9, scope: !84)
!87 = !DILocation(line: 39, column: 21, scope: !84)
!88 = !DILocation(line: 40, column: 9, scope: !84)
!89 = !{i64 2147497815}
!90 = !DILocation(line: 41, column: 10, scope: !84)
!91 = distinct !{!91, !82, !92, !62, !63}
!92 = !DILocation(line: 42, column: 5, scope: !64)
!93 = !DILocation(line: 43, column: 5, scope: !64)
!94 = !{i64 2147497845}
!95 = !DILocation(line: 44, column: 5, scope: !64)
!96 = !DILocation(line: 45, column: 9, scope: !97)
!97 = distinct !DILexicalBlock(scope: !64, file: !3, line: 45, column: 9)
!98 = !DILocation(line: 45, column: 22, scope: !97)
!99 = !DILocation(line: 46, column: 9, scope: !97)
!100 = !DILocation(line: 47, column: 1, scope: !64)
