// Structs, arrays, loops, a switch, a call between functions and globals that point at globals.
#include <stdio.h>

struct node {
    int value;
    struct node *next;
};

struct node tail = {3, 0};
struct node middle = {2, &tail};
struct node head = {1, &middle};
struct node *list = &head;
int *second_value = &middle.value;
int table[5] = {1, 2, 3, 4, 5};
int *table_end = &table[4];
const char *greeting = "hello, \"vrm\"\n";
long address_as_int = (long)&table;
struct { char tag; short pair[2]; } packed_like = {'x', {7, -8}};
volatile int sink;

int sum_list(struct node *n)
{
    int s = 0;
    for (; n; n = n->next)
        s += n->value;
    return s;
}

int classify(int x)
{
    switch (x) {
    case 0: sink = 10; return 1;
    case 1: sink = 20; return 7;
    case 4: sink = 30; return 9;
    case 100: return sink;
    default: sink = x; return -1;
    }
}

int sum_table(int n)
{
    int s = 0;
    for (int i = 0; i < n && i < 5; i++)
        s += table[i] * classify(i);
    return s;
}

int main(void)
{
    printf("%s %d %d\n", greeting, sum_list(list), sum_table(5));
    return *second_value + *table_end;
}
