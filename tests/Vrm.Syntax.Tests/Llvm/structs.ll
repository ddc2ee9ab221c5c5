; ModuleID = 'structs.c'
source_filename = "structs.c"
target datalayout = "e-m:e-i8:8:32-i16:16:32-i64:64-i128:128-n32:64-S128"
target triple = "aarch64-unknown-linux-gnu"

%struct.node = type { i32, %struct.node* }
%struct.anon = type { i8, [2 x i16] }

@tail = dso_local global %struct.node { i32 3, %struct.node* null }, align 8, !dbg !0
@middle = dso_local global %struct.node { i32 2, %struct.node* @tail }, align 8, !dbg !5
@head = dso_local global %struct.node { i32 1, %struct.node* @middle }, align 8, !dbg !13
@list = dso_local local_unnamed_addr global %struct.node* @head, align 8, !dbg !15
@second_value = dso_local local_unnamed_addr global i32* getelementptr inbounds (%struct.node, %struct.node* @middle, i64 0, i32 0), align 8, !dbg !17
@table = dso_local global [5 x i32] [i32 1, i32 2, i32 3, i32 4, i32 5], align 4, !dbg !20
@table_end = dso_local local_unnamed_addr global i32* getelementptr inbounds ([5 x i32], [5 x i32]* @table, i64 0, i64 4), align 8, !dbg !25
@.str = private unnamed_addr constant [14 x i8] c"hello, \22vrm\22\0A\00", align 1
@greeting = dso_local local_unnamed_addr global i8* getelementptr inbounds ([14 x i8], [14 x i8]* @.str, i64 0, i64 0), align 8, !dbg !27
@address_as_int = dso_local local_unnamed_addr global i64 ptrtoint ([5 x i32]* @table to i64), align 8, !dbg !32
@packed_like = dso_local local_unnamed_addr global %struct.anon { i8 120, [2 x i16] [i16 7, i16 -8] }, align 2, !dbg !35
@sink = dso_local global i32 0, align 4, !dbg !45
@.str.1 = private unnamed_addr constant [10 x i8] c"%s %d %d\0A\00", align 1

; Function Attrs: nofree norecurse nosync nounwind readonly uwtable
define dso_local i32 @sum_list(%struct.node* noundef readonly %0) local_unnamed_addr #0 !dbg !60 {
  call void @llvm.dbg.value(metadata %struct.node* %0, metadata !64, metadata !DIExpression()), !dbg !66
  call void @llvm.dbg.value(metadata i32 0, metadata !65, metadata !DIExpression()), !dbg !66
  %2 = icmp eq %struct.node* %0, null, !dbg !67
  br i1 %2, label %12, label %3, !dbg !67

3:                                                ; preds = %1, %3
  %4 = phi i32 [ %8, %3 ], [ 0, %1 ]
  %5 = phi %struct.node* [ %10, %3 ], [ %0, %1 ]
  call void @llvm.dbg.value(metadata i32 %4, metadata !65, metadata !DIExpression()), !dbg !66
  call void @llvm.dbg.value(metadata %struct.node* %5, metadata !64, metadata !DIExpression()), !dbg !66
  %6 = getelementptr inbounds %struct.node, %struct.node* %5, i64 0, i32 0, !dbg !69
  %7 = load i32, i32* %6, align 8, !dbg !69, !tbaa !71
  %8 = add nsw i32 %7, %4, !dbg !77
  call void @llvm.dbg.value(metadata i32 %8, metadata !65, metadata !DIExpression()), !dbg !66
  %9 = getelementptr inbounds %struct.node, %struct.node* %5, i64 0, i32 1, !dbg !78
  %10 = load %struct.node*, %struct.node** %9, align 8, !dbg !78, !tbaa !79
  call void @llvm.dbg.value(metadata %struct.node* %10, metadata !64, metadata !DIExpression()), !dbg !66
  %11 = icmp eq %struct.node* %10, null, !dbg !67
  br i1 %11, label %12, label %3, !dbg !67, !llvm.loop !80

12:                                               ; preds = %3, %1
  %13 = phi i32 [ 0, %1 ], [ %8, %3 ], !dbg !66
  ret i32 %13, !dbg !84
}

; Function Attrs: nofree norecurse nounwind uwtable
define dso_local i32 @classify(i32 noundef %0) local_unnamed_addr #1 !dbg !85 {
  call void @llvm.dbg.value(metadata i32 %0, metadata !89, metadata !DIExpression()), !dbg !90
  switch i32 %0, label %7 [
    i32 0, label %2
    i32 1, label %3
    i32 4, label %4
    i32 100, label %5
  ], !dbg !91

2:                                                ; preds = %1
  store volatile i32 10, i32* @sink, align 4, !dbg !92, !tbaa !94
  br label %8, !dbg !95

3:                                                ; preds = %1
  store volatile i32 20, i32* @sink, align 4, !dbg !96, !tbaa !94
  br label %8, !dbg !97

4:                                                ; preds = %1
  store volatile i32 30, i32* @sink, align 4, !dbg !98, !tbaa !94
  br label %8, !dbg !99

5:                                                ; preds = %1
  %6 = load volatile i32, i32* @sink, align 4, !dbg !100, !tbaa !94
  br label %8, !dbg !101

7:                                                ; preds = %1
  store volatile i32 %0, i32* @sink, align 4, !dbg !102, !tbaa !94
  br label %8, !dbg !103

8:                                                ; preds = %7, %5, %4, %3, %2
  %9 = phi i32 [ -1, %7 ], [ %6, %5 ], [ 9, %4 ], [ 7, %3 ], [ 1, %2 ], !dbg !104
  ret i32 %9, !dbg !105
}

; Function Attrs: nofree norecurse nounwind uwtable
define dso_local i32 @sum_table(i32 noundef %0) local_unnamed_addr #1 !dbg !106 {
  call void @llvm.dbg.value(metadata i32 %0, metadata !108, metadata !DIExpression()), !dbg !112
  call void @llvm.dbg.value(metadata i32 0, metadata !109, metadata !DIExpression()), !dbg !112
  call void @llvm.dbg.value(metadata i32 0, metadata !110, metadata !DIExpression()), !dbg !113
  %2 = icmp sgt i32 %0, 0, !dbg !114
  br i1 %2, label %3, label %8, !dbg !116

3:                                                ; preds = %1
  %4 = add i32 %0, -1, !dbg !116
  %5 = call i32 @llvm.umin.i32(i32 %4, i32 4), !dbg !116
  %6 = add nuw nsw i32 %5, 1, !dbg !116
  %7 = zext i32 %6 to i64, !dbg !117
  br label %10, !dbg !116

8:                                                ; preds = %23, %1
  %9 = phi i32 [ 0, %1 ], [ %26, %23 ], !dbg !112
  ret i32 %9, !dbg !118

10:                                               ; preds = %3, %23
  %11 = phi i64 [ 0, %3 ], [ %27, %23 ]
  %12 = phi i32 [ 0, %3 ], [ %26, %23 ]
  call void @llvm.dbg.value(metadata i64 %11, metadata !110, metadata !DIExpression()), !dbg !113
  call void @llvm.dbg.value(metadata i32 %12, metadata !109, metadata !DIExpression()), !dbg !112
  %13 = getelementptr inbounds [5 x i32], [5 x i32]* @table, i64 0, i64 %11, !dbg !119
  %14 = load i32, i32* %13, align 4, !dbg !119, !tbaa !94
  call void @llvm.dbg.value(metadata i64 %11, metadata !89, metadata !DIExpression()), !dbg !120
  %15 = trunc i64 %11 to i32, !dbg !122
  switch i32 %15, label %21 [
    i32 0, label %16
    i32 1, label %17
    i32 4, label %18
    i32 100, label %19
  ], !dbg !122

16:                                               ; preds = %10
  store volatile i32 10, i32* @sink, align 4, !dbg !123, !tbaa !94
  br label %23, !dbg !124

17:                                               ; preds = %10
  store volatile i32 20, i32* @sink, align 4, !dbg !125, !tbaa !94
  br label %23, !dbg !126

18:                                               ; preds = %10
  store volatile i32 30, i32* @sink, align 4, !dbg !127, !tbaa !94
  br label %23, !dbg !128

19:                                               ; preds = %10
  %20 = load volatile i32, i32* @sink, align 4, !dbg !129, !tbaa !94
  br label %23, !dbg !130

21:                                               ; preds = %10
  %22 = trunc i64 %11 to i32, !dbg !131
  store volatile i32 %22, i32* @sink, align 4, !dbg !131, !tbaa !94
  br label %23, !dbg !132

23:                                               ; preds = %16, %17, %18, %19, %21
  %24 = phi i32 [ -1, %21 ], [ %20, %19 ], [ 9, %18 ], [ 7, %17 ], [ 1, %16 ], !dbg !133
  %25 = mul nsw i32 %24, %14, !dbg !134
  %26 = add nsw i32 %25, %12, !dbg !135
  call void @llvm.dbg.value(metadata i32 %26, metadata !109, metadata !DIExpression()), !dbg !112
  %27 = add nuw nsw i64 %11, 1, !dbg !136
  call void @llvm.dbg.value(metadata i64 %27, metadata !110, metadata !DIExpression()), !dbg !113
  %28 = icmp eq i64 %27, %7, !dbg !117
  br i1 %28, label %8, label %10, !dbg !116, !llvm.loop !137
}

; Function Attrs: nofree nounwind uwtable
define dso_local i32 @main() local_unnamed_addr #2 !dbg !139 {
  %1 = load i8*, i8** @greeting, align 8, !dbg !143, !tbaa !144
  %2 = load %struct.node*, %struct.node** @list, align 8, !dbg !145, !tbaa !144
  call void @llvm.dbg.value(metadata %struct.node* %2, metadata !64, metadata !DIExpression()), !dbg !146
  call void @llvm.dbg.value(metadata i32 0, metadata !65, metadata !DIExpression()), !dbg !146
  %3 = icmp eq %struct.node* %2, null, !dbg !148
  br i1 %3, label %13, label %4, !dbg !148

4:                                                ; preds = %0, %4
  %5 = phi i32 [ %9, %4 ], [ 0, %0 ]
  %6 = phi %struct.node* [ %11, %4 ], [ %2, %0 ]
  call void @llvm.dbg.value(metadata i32 %5, metadata !65, metadata !DIExpression()), !dbg !146
  call void @llvm.dbg.value(metadata %struct.node* %6, metadata !64, metadata !DIExpression()), !dbg !146
  %7 = getelementptr inbounds %struct.node, %struct.node* %6, i64 0, i32 0, !dbg !149
  %8 = load i32, i32* %7, align 8, !dbg !149, !tbaa !71
  %9 = add nsw i32 %8, %5, !dbg !150
  call void @llvm.dbg.value(metadata i32 %9, metadata !65, metadata !DIExpression()), !dbg !146
  %10 = getelementptr inbounds %struct.node, %struct.node* %6, i64 0, i32 1, !dbg !151
  %11 = load %struct.node*, %struct.node** %10, align 8, !dbg !151, !tbaa !79
  call void @llvm.dbg.value(metadata %struct.node* %11, metadata !64, metadata !DIExpression()), !dbg !146
  %12 = icmp eq %struct.node* %11, null, !dbg !148
  br i1 %12, label %13, label %4, !dbg !148, !llvm.loop !152

13:                                               ; preds = %4, %0
  %14 = phi i32 [ 0, %0 ], [ %9, %4 ], !dbg !146
  call void @llvm.dbg.value(metadata i32 5, metadata !108, metadata !DIExpression()), !dbg !154
  call void @llvm.dbg.value(metadata i32 0, metadata !109, metadata !DIExpression()), !dbg !154
  call void @llvm.dbg.value(metadata i32 0, metadata !110, metadata !DIExpression()), !dbg !156
  br label %15, !dbg !157

15:                                               ; preds = %27, %13
  %16 = phi i64 [ 0, %13 ], [ %31, %27 ]
  %17 = phi i32 [ 0, %13 ], [ %30, %27 ]
  call void @llvm.dbg.value(metadata i64 %16, metadata !110, metadata !DIExpression()), !dbg !156
  call void @llvm.dbg.value(metadata i32 %17, metadata !109, metadata !DIExpression()), !dbg !154
  %18 = getelementptr inbounds [5 x i32], [5 x i32]* @table, i64 0, i64 %16, !dbg !158
  %19 = load i32, i32* %18, align 4, !dbg !158, !tbaa !94
  call void @llvm.dbg.value(metadata i64 %16, metadata !89, metadata !DIExpression()), !dbg !159
  %20 = trunc i64 %16 to i32, !dbg !161
  switch i32 %20, label %26 [
    i32 0, label %21
    i32 1, label %22
    i32 4, label %23
    i32 100, label %24
  ], !dbg !161

21:                                               ; preds = %15
  store volatile i32 10, i32* @sink, align 4, !dbg !162, !tbaa !94
  br label %27, !dbg !163

22:                                               ; preds = %15
  store volatile i32 20, i32* @sink, align 4, !dbg !164, !tbaa !94
  br label %27, !dbg !165

23:                                               ; preds = %15
  store volatile i32 30, i32* @sink, align 4, !dbg !166, !tbaa !94
  br label %27, !dbg !167

24:                                               ; preds = %15
  %25 = load volatile i32, i32* @sink, align 4, !dbg !168, !tbaa !94
  br label %27, !dbg !169

26:                                               ; preds = %15
  store volatile i32 %20, i32* @sink, align 4, !dbg !170, !tbaa !94
  br label %27, !dbg !171

27:                                               ; preds = %26, %24, %23, %22, %21
  %28 = phi i32 [ -1, %26 ], [ %25, %24 ], [ 9, %23 ], [ 7, %22 ], [ 1, %21 ], !dbg !172
  %29 = mul nsw i32 %28, %19, !dbg !173
  %30 = add nsw i32 %29, %17, !dbg !174
  call void @llvm.dbg.value(metadata i32 %30, metadata !109, metadata !DIExpression()), !dbg !154
  %31 = add nuw nsw i64 %16, 1, !dbg !175
  call void @llvm.dbg.value(metadata i64 %31, metadata !110, metadata !DIExpression()), !dbg !156
  %32 = icmp eq i64 %31, 5, !dbg !176
  br i1 %32, label %33, label %15, !dbg !157, !llvm.loop !177

33:                                               ; preds = %27
  %34 = call i32 (i8*, ...) @printf(i8* noundef nonnull dereferenceable(1) getelementptr inbounds ([10 x i8], [10 x i8]* @.str.1, i64 0, i64 0), i8* noundef %1, i32 noundef %14, i32 noundef %30), !dbg !179
  %35 = load i32*, i32** @second_value, align 8, !dbg !180, !tbaa !144
  %36 = load i32, i32* %35, align 4, !dbg !181, !tbaa !94
  %37 = load i32*, i32** @table_end, align 8, !dbg !182, !tbaa !144
  %38 = load i32, i32* %37, align 4, !dbg !183, !tbaa !94
  %39 = add nsw i32 %38, %36, !dbg !184
  ret i32 %39, !dbg !185
}

; Function Attrs: nofree nounwind
declare noundef i32 @printf(i8* nocapture noundef readonly, ...) local_unnamed_addr #3

; Function Attrs: nofree nosync nounwind readnone speculatable willreturn
declare void @llvm.dbg.value(metadata, metadata, metadata) #4

; Function Attrs: nofree nosync nounwind readnone speculatable willreturn
declare i32 @llvm.umin.i32(i32, i32) #4

attributes #0 = { nofree norecurse nosync nounwind readonly uwtable "frame-pointer"="non-leaf" "min-legal-vector-width"="0" "no-trapping-math"="true" "stack-protector-buffer-size"="8" "target-cpu"="generic" "target-features"="+neon,+v8a" }
attributes #1 = { nofree norecurse nounwind uwtable "frame-pointer"="non-leaf" "min-legal-vector-width"="0" "no-trapping-math"="true" "stack-protector-buffer-size"="8" "target-cpu"="generic" "target-features"="+neon,+v8a" }
attributes #2 = { nofree nounwind uwtable "frame-pointer"="non-leaf" "min-legal-vector-width"="0" "no-trapping-math"="true" "stack-protector-buffer-size"="8" "target-cpu"="generic" "target-features"="+neon,+v8a" }
attributes #3 = { nofree nounwind "frame-pointer"="non-leaf" "no-trapping-math"="true" "stack-protector-buffer-size"="8" "target-cpu"="generic" "target-features"="+neon,+v8a" }
attributes #4 = { nofree nosync nounwind readnone speculatable willreturn }

!llvm.dbg.cu = !{!2}
!llvm.module.flags = !{!48, !49, !50, !51, !52, !53, !54, !55, !56, !57, !58}
!llvm.ident = !{!59}

!0 = !DIGlobalVariableExpression(var: !1, expr: !DIExpression())
!1 = distinct !DIGlobalVariable(name: "tail", scope: !2, file: !3, line: 9, type: !7, isLocal: false, isDefinition: true)
!2 = distinct !DICompileUnit(language: DW_LANG_C99, file: !3, producer: "Debian clang version 14.0.6", isOptimized: true, runtimeVersion: 0, emissionKind: FullDebug, globals: !4, splitDebugInlining: false, nameTableKind: None)
!3 = !DIFile(filename: "structs.c", directory: ".", checksumkind: CSK_MD5, checksum: "79646a8cf84fba4b7acc4e7a0f6b0326")
!4 = !{!0, !5, !13, !15, !17, !20, !25, !27, !32, !35, !45}
!5 = !DIGlobalVariableExpression(var: !6, expr: !DIExpression())
!6 = distinct !DIGlobalVariable(name: "middle", scope: !2, file: !3, line: 10, type: !7, isLocal: false, isDefinition: true)
!7 = distinct !DICompositeType(tag: DW_TAG_structure_type, name: "node", file: !3, line: 4, size: 128, elements: !8)
!8 = !{!9, !11}
!9 = !DIDerivedType(tag: DW_TAG_member, name: "value", scope: !7, file: !3, line: 5, baseType: !10, size: 32)
!10 = !DIBasicType(name: "int", size: 32, encoding: DW_ATE_signed)
!11 = !DIDerivedType(tag: DW_TAG_member, name: "next", scope: !7, file: !3, line: 6, baseType: !12, size: 64, offset: 64)
!12 = !DIDerivedType(tag: DW_TAG_pointer_type, baseType: !7, size: 64)
!13 = !DIGlobalVariableExpression(var: !14, expr: !DIExpression())
!14 = distinct !DIGlobalVariable(name: "head", scope: !2, file: !3, line: 11, type: !7, isLocal: false, isDefinition: true)
!15 = !DIGlobalVariableExpression(var: !16, expr: !DIExpression())
!16 = distinct !DIGlobalVariable(name: "list", scope: !2, file: !3, line: 12, type: !12, isLocal: false, isDefinition: true)
!17 = !DIGlobalVariableExpression(var: !18, expr: !DIExpression())
!18 = distinct !DIGlobalVariable(name: "second_value", scope: !2, file: !3, line: 13, type: !19, isLocal: false, isDefinition: true)
!19 = !DIDerivedType(tag: DW_TAG_pointer_type, baseType: !10, size: 64)
!20 = !DIGlobalVariableExpression(var: !21, expr: !DIExpression())
!21 = distinct !DIGlobalVariable(name: "table", scope: !2, file: !3, line: 14, type: !22, isLocal: false, isDefinition: true)
!22 = !DICompositeType(tag: DW_TAG_array_type, baseType: !10, size: 160, elements: !23)
!23 = !{!24}
!24 = !DISubrange(count: 5)
!25 = !DIGlobalVariableExpression(var: !26, expr: !DIExpression())
!26 = distinct !DIGlobalVariable(name: "table_end", scope: !2, file: !3, line: 15, type: !19, isLocal: false, isDefinition: true)
!27 = !DIGlobalVariableExpression(var: !28, expr: !DIExpression())
!28 = distinct !DIGlobalVariable(name: "greeting", scope: !2, file: !3, line: 16, type: !29, isLocal: false, isDefinition: true)
!29 = !DIDerivedType(tag: DW_TAG_pointer_type, baseType: !30, size: 64)
!30 = !DIDerivedType(tag: DW_TAG_const_type, baseType: !31)
!31 = !DIBasicType(name: "char", size: 8, encoding: DW_ATE_unsigned_char)
!32 = !DIGlobalVariableExpression(var: !33, expr: !DIExpression())
!33 = distinct !DIGlobalVariable(name: "address_as_int", scope: !2, file: !3, line: 17, type: !34, isLocal: false, isDefinition: true)
!34 = !DIBasicType(name: "long", size: 64, encoding: DW_ATE_signed)
!35 = !DIGlobalVariableExpression(var: !36, expr: !DIExpression())
!36 = distinct !DIGlobalVariable(name: "packed_like", scope: !2, file: !3, line: 18, type: !37, isLocal: false, isDefinition: true)
!37 = distinct !DICompositeType(tag: DW_TAG_structure_type, file: !3, line: 18, size: 48, elements: !38)
!38 = !{!39, !40}
!39 = !DIDerivedType(tag: DW_TAG_member, name: "tag", scope: !37, file: !3, line: 18, baseType: !31, size: 8)
!40 = !DIDerivedType(tag: DW_TAG_member, name: "pair", scope: !37, file: !3, line: 18, baseType: !41, size: 32, offset: 16)
!41 = !DICompositeType(tag: DW_TAG_array_type, baseType: !42, size: 32, elements: !43)
!42 = !DIBasicType(name: "short", size: 16, encoding: DW_ATE_signed)
!43 = !{!44}
!44 = !DISubrange(count: 2)
!45 = !DIGlobalVariableExpression(var: !46, expr: !DIExpression())
!46 = distinct !DIGlobalVariable(name: "sink", scope: !2, file: !3, line: 19, type: !47, isLocal: false, isDefinition: true)
!47 = !DIDerivedType(tag: DW_TAG_volatile_type, baseType: !10)
!48 = !{i32 7, !"Dwarf Version", i32 5}
!49 = !{i32 2, !"Debug Info Version", i32 3}
!50 = !{i32 1, !"wchar_size", i32 4}
!51 = !{i32 1, !"branch-target-enforcement", i32 0}
!52 = !{i32 1, !"sign-return-address", i32 0}
!53 = !{i32 1, !"sign-return-address-all", i32 0}
!54 = !{i32 1, !"sign-return-address-with-bkey", i32 0}
!55 = !{i32 7, !"PIC Level", i32 2}
!56 = !{i32 7, !"PIE Level", i32 2}
!57 = !{i32 7, !"uwtable", i32 1}
!58 = !{i32 7, !"frame-pointer", i32 1}
!59 = !{!"Debian clang version 14.0.6"}
!60 = distinct !DISubprogram(name: "sum_list", scope: !3, file: !3, line: 21, type: !61, scopeLine: 22, flags: DIFlagPrototyped | DIFlagAllCallsDescribed, spFlags: DISPFlagDefinition | DISPFlagOptimized, unit: !2, retainedNodes: !63)
!61 = !DISubroutineType(types: !62)
!62 = !{!10, !12}
!63 = !{!64, !65}
!64 = !DILocalVariable(name: "n", arg: 1, scope: !60, file: !3, line: 21, type: !12)
!65 = !DILocalVariable(name: "s", scope: !60, file: !3, line: 23, type: !10)
!66 = !DILocation(line: 0, scope: !60)
!67 = !DILocation(line: 24, column: 5, scope: !68)
!68 = distinct !DILexicalBlock(scope: !60, file: !3, line: 24, column: 5)
!69 = !DILocation(line: 25, column: 17, scope: !70)
!70 = distinct !DILexicalBlock(scope: !68, file: !3, line: 24, column: 5)
!71 = !{!72, !73, i64 0}
!72 = !{!"node", !73, i64 0, !76, i64 8}
!73 = !{!"int", !74, i64 0}
!74 = !{!"omnipotent char", !75, i64 0}
!75 = !{!"Simple C/C++ TBAA"}
!76 = !{!"any pointer", !74, i64 0}
!77 = !DILocation(line: 25, column: 11, scope: !70)
!78 = !DILocation(line: 24, column: 22, scope: !70)
!79 = !{!72, !76, i64 8}
!80 = distinct !{!80, !67, !81, !82, !83}
!81 = !DILocation(line: 25, column: 17, scope: !68)
!82 = !{!"llvm.loop.mustprogress"}
!83 = !{!"llvm.loop.unroll.disable"}
!84 = !DILocation(line: 26, column: 5, scope: !60)
!85 = distinct !DISubprogram(name: "classify", scope: !3, file: !3, line: 29, type: !86, scopeLine: 30, flags: DIFlagPrototyped | DIFlagAllCallsDescribed, spFlags: DISPFlagDefinition | DISPFlagOptimized, unit: !2, retainedNodes: !88)
!86 = !DISubroutineType(types: !87)
!87 = !{!10, !10}
!88 = !{!89}
!89 = !DILocalVariable(name: "x", arg: 1, scope: !85, file: !3, line: 29, type: !10)
!90 = !DILocation(line: 0, scope: !85)
!91 = !DILocation(line: 31, column: 5, scope: !85)
!92 = !DILocation(line: 32, column: 18, scope: !93)
!93 = distinct !DILexicalBlock(scope: !85, file: !3, line: 31, column: 16)
!94 = !{!73, !73, i64 0}
!95 = !DILocation(line: 32, column: 24, scope: !93)
!96 = !DILocation(line: 33, column: 18, scope: !93)
!97 = !DILocation(line: 33, column: 24, scope: !93)
!98 = !DILocation(line: 34, column: 18, scope: !93)
!99 = !DILocation(line: 34, column: 24, scope: !93)
!100 = !DILocation(line: 35, column: 22, scope: !93)
!101 = !DILocation(line: 35, column: 15, scope: !93)
!102 = !DILocation(line: 36, column: 19, scope: !93)
!103 = !DILocation(line: 36, column: 24, scope: !93)
!104 = !DILocation(line: 0, scope: !93)
!105 = !DILocation(line: 38, column: 1, scope: !85)
!106 = distinct !DISubprogram(name: "sum_table", scope: !3, file: !3, line: 40, type: !86, scopeLine: 41, flags: DIFlagPrototyped | DIFlagAllCallsDescribed, spFlags: DISPFlagDefinition | DISPFlagOptimized, unit: !2, retainedNodes: !107)
!107 = !{!108, !109, !110}
!108 = !DILocalVariable(name: "n", arg: 1, scope: !106, file: !3, line: 40, type: !10)
!109 = !DILocalVariable(name: "s", scope: !106, file: !3, line: 42, type: !10)
!110 = !DILocalVariable(name: "i", scope: !111, file: !3, line: 43, type: !10)
!111 = distinct !DILexicalBlock(scope: !106, file: !3, line: 43, column: 5)
!112 = !DILocation(line: 0, scope: !106)
!113 = !DILocation(line: 0, scope: !111)
!114 = !DILocation(line: 43, column: 23, scope: !115)
!115 = distinct !DILexicalBlock(scope: !111, file: !3, line: 43, column: 5)
!116 = !DILocation(line: 43, column: 5, scope: !111)
!117 = !DILocation(line: 43, column: 27, scope: !115)
!118 = !DILocation(line: 45, column: 5, scope: !106)
!119 = !DILocation(line: 44, column: 14, scope: !115)
!120 = !DILocation(line: 0, scope: !85, inlinedAt: !121)
!121 = distinct !DILocation(line: 44, column: 25, scope: !115)
!122 = !DILocation(line: 31, column: 5, scope: !85, inlinedAt: !121)
!123 = !DILocation(line: 32, column: 18, scope: !93, inlinedAt: !121)
!124 = !DILocation(line: 32, column: 24, scope: !93, inlinedAt: !121)
!125 = !DILocation(line: 33, column: 18, scope: !93, inlinedAt: !121)
!126 = !DILocation(line: 33, column: 24, scope: !93, inlinedAt: !121)
!127 = !DILocation(line: 34, column: 18, scope: !93, inlinedAt: !121)
!128 = !DILocation(line: 34, column: 24, scope: !93, inlinedAt: !121)
!129 = !DILocation(line: 35, column: 22, scope: !93, inlinedAt: !121)
!130 = !DILocation(line: 35, column: 15, scope: !93, inlinedAt: !121)
!131 = !DILocation(line: 36, column: 19, scope: !93, inlinedAt: !121)
!132 = !DILocation(line: 36, column: 24, scope: !93, inlinedAt: !121)
!133 = !DILocation(line: 0, scope: !93, inlinedAt: !121)
!134 = !DILocation(line: 44, column: 23, scope: !115)
!135 = !DILocation(line: 44, column: 11, scope: !115)
!136 = !DILocation(line: 43, column: 38, scope: !115)
!137 = distinct !{!137, !116, !138, !82, !83}
!138 = !DILocation(line: 44, column: 35, scope: !111)
!139 = distinct !DISubprogram(name: "main", scope: !3, file: !3, line: 48, type: !140, scopeLine: 49, flags: DIFlagPrototyped | DIFlagAllCallsDescribed, spFlags: DISPFlagDefinition | DISPFlagOptimized, unit: !2, retainedNodes: !142)
!140 = !DISubroutineType(types: !141)
!141 = !{!10}
!142 = !{}
!143 = !DILocation(line: 50, column: 26, scope: !139)
!144 = !{!76, !76, i64 0}
!145 = !DILocation(line: 50, column: 45, scope: !139)
!146 = !DILocation(line: 0, scope: !60, inlinedAt: !147)
!147 = distinct !DILocation(line: 50, column: 36, scope: !139)
!148 = !DILocation(line: 24, column: 5, scope: !68, inlinedAt: !147)
!149 = !DILocation(line: 25, column: 17, scope: !70, inlinedAt: !147)
!150 = !DILocation(line: 25, column: 11, scope: !70, inlinedAt: !147)
!151 = !DILocation(line: 24, column: 22, scope: !70, inlinedAt: !147)
!152 = distinct !{!152, !148, !153, !82, !83}
!153 = !DILocation(line: 25, column: 17, scope: !68, inlinedAt: !147)
!154 = !DILocation(line: 0, scope: !106, inlinedAt: !155)
!155 = distinct !DILocation(line: 50, column: 52, scope: !139)
!156 = !DILocation(line: 0, scope: !111, inlinedAt: !155)
!157 = !DILocation(line: 43, column: 5, scope: !111, inlinedAt: !155)
!158 = !DILocation(line: 44, column: 14, scope: !115, inlinedAt: !155)
!159 = !DILocation(line: 0, scope: !85, inlinedAt: !160)
!160 = distinct !DILocation(line: 44, column: 25, scope: !115, inlinedAt: !155)
!161 = !DILocation(line: 31, column: 5, scope: !85, inlinedAt: !160)
!162 = !DILocation(line: 32, column: 18, scope: !93, inlinedAt: !160)
!163 = !DILocation(line: 32, column: 24, scope: !93, inlinedAt: !160)
!164 = !DILocation(line: 33, column: 18, scope: !93, inlinedAt: !160)
!165 = !DILocation(line: 33, column: 24, scope: !93, inlinedAt: !160)
!166 = !DILocation(line: 34, column: 18, scope: !93, inlinedAt: !160)
!167 = !DILocation(line: 34, column: 24, scope: !93, inlinedAt: !160)
!168 = !DILocation(line: 35, column: 22, scope: !93, inlinedAt: !160)
!169 = !DILocation(line: 35, column: 15, scope: !93, inlinedAt: !160)
!170 = !DILocation(line: 36, column: 19, scope: !93, inlinedAt: !160)
!171 = !DILocation(line: 36, column: 24, scope: !93, inlinedAt: !160)
!172 = !DILocation(line: 0, scope: !93, inlinedAt: !160)
!173 = !DILocation(line: 44, column: 23, scope: !115, inlinedAt: !155)
!174 = !DILocation(line: 44, column: 11, scope: !115, inlinedAt: !155)
!175 = !DILocation(line: 43, column: 38, scope: !115, inlinedAt: !155)
!176 = !DILocation(line: 43, column: 27, scope: !115, inlinedAt: !155)
!177 = distinct !{!177, !157, !178, !82, !83}
!178 = !DILocation(line: 44, column: 35, scope: !111, inlinedAt: !155)
!179 = !DILocation(line: 50, column: 5, scope: !139)
!180 = !DILocation(line: 51, column: 13, scope: !139)
!181 = !DILocation(line: 51, column: 12, scope: !139)
!182 = !DILocation(line: 51, column: 29, scope: !139)
!183 = !DILocation(line: 51, column: 28, scope: !139)
!184 = !DILocation(line: 51, column: 26, scope: !139)
!185 = !DILocation(line: 51, column: 5, scope: !139)
