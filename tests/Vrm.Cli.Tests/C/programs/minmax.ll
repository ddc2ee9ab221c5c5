; llvm.smax/smin/umax/umin/abs at 8, 16, 32 and 64 bits on values read from memory, so nothing folds.
@a8 = global i8 -100
@b8 = global i8 20
@a32 = global i32 -7
@b32 = global i32 3
@a64 = global i64 -9
@b64 = global i64 4
@h16 = global i16 -2

declare void @__assert_fail(i8*, i8*, i32, i8*)
declare i8 @llvm.smax.i8(i8, i8)
declare i8 @llvm.smin.i8(i8, i8)
declare i8 @llvm.umax.i8(i8, i8)
declare i8 @llvm.umin.i8(i8, i8)
declare i8 @llvm.abs.i8(i8, i1)
declare i16 @llvm.abs.i16(i16, i1)
declare i32 @llvm.smax.i32(i32, i32)
declare i32 @llvm.umin.i32(i32, i32)
declare i64 @llvm.smin.i64(i64, i64)
declare i64 @llvm.umax.i64(i64, i64)

define i32 @main() {
entry:
  %a8 = load i8, i8* @a8
  %b8 = load i8, i8* @b8
  %a32 = load i32, i32* @a32
  %b32 = load i32, i32* @b32
  %a64 = load i64, i64* @a64
  %b64 = load i64, i64* @b64
  %h16 = load i16, i16* @h16
  %smax8 = call i8 @llvm.smax.i8(i8 %a8, i8 %b8)
  %smin8 = call i8 @llvm.smin.i8(i8 %a8, i8 %b8)
  %umax8 = call i8 @llvm.umax.i8(i8 %a8, i8 %b8)
  %umin8 = call i8 @llvm.umin.i8(i8 %a8, i8 %b8)
  %abs8 = call i8 @llvm.abs.i8(i8 %a8, i1 false)
  %abs16 = call i16 @llvm.abs.i16(i16 %h16, i1 false)
  %smax32 = call i32 @llvm.smax.i32(i32 %a32, i32 %b32)
  %umin32 = call i32 @llvm.umin.i32(i32 %a32, i32 %b32)
  %smin64 = call i64 @llvm.smin.i64(i64 %a64, i64 %b64)
  %umax64 = call i64 @llvm.umax.i64(i64 %a64, i64 %b64)
  %c1 = icmp eq i8 %smax8, 20
  %c2 = icmp eq i8 %smin8, -100
  %c3 = icmp eq i8 %umax8, -100
  %c4 = icmp eq i8 %umin8, 20
  %c5 = icmp eq i8 %abs8, 100
  %c6 = icmp eq i16 %abs16, 2
  %c7 = icmp eq i32 %smax32, 3
  %c8 = icmp eq i32 %umin32, 3
  %c9 = icmp eq i64 %smin64, -9
  %c10 = icmp eq i64 %umax64, -9
  %d1 = and i1 %c1, %c2
  %d2 = and i1 %d1, %c3
  %d3 = and i1 %d2, %c4
  %d4 = and i1 %d3, %c5
  %d5 = and i1 %d4, %c6
  %d6 = and i1 %d5, %c7
  %d7 = and i1 %d6, %c8
  %d8 = and i1 %d7, %c9
  %d9 = and i1 %d8, %c10
  br i1 %d9, label %ok, label %fail

fail:
  call void @__assert_fail(i8* null, i8* null, i32 0, i8* null)
  unreachable

ok:
  ret i32 0
}
