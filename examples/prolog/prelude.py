"""Library predicates written in Prolog, loaded before the user's program.

A program may redefine any of them (its first clause for a library
predicate replaces the library definition), as with SWI-Prolog's autoloaded
libraries.
"""

PRELUDE = r"""
% -- control ------------------------------------------------------------------
once(G) :- call(G), !.
ignore(G) :- (call(G) -> true ; true).
forall(C, A) :- \+ (call(C), \+ call(A)).
not(G) :- \+ call(G).

findall(T, G, L) :-
    '$bag_new'(B),
    (   call(G), '$bag_add'(B, T), fail
    ;   '$bag_list'(B, L0, [])
    ),
    L = L0.
findall(T, G, L, Tail) :-
    '$bag_new'(B),
    (   call(G), '$bag_add'(B, T), fail
    ;   '$bag_list'(B, L0, Tail)
    ),
    L = L0.

bagof(T, G, L) :-
    '$bagof_split'(T, G, Inner, W),
    (   W == []
    ->  findall(T, Inner, L0), L0 \== [], L = L0
    ;   Witness =.. ['$w'|W],
        findall(Witness-T, Inner, Pairs), Pairs \== [],
        keysort(Pairs, Sorted),
        '$bagof_groups'(Sorted, Groups),
        member(Witness-L, Groups)
    ).
'$bagof_groups'([], []).
'$bagof_groups'([W-T|Rest], [W-[T|Ts]|Groups]) :-
    '$bagof_same'(Rest, W, Ts, Rest1),
    '$bagof_groups'(Rest1, Groups).
'$bagof_same'([W1-T|Rest], W, [T|Ts], Rest1) :- W1 == W, !,
    '$bagof_same'(Rest, W, Ts, Rest1).
'$bagof_same'(Rest, _, [], Rest).
setof(T, G, S) :- bagof(T, G, L), sort(L, S).
_ ^ G :- call(G).

aggregate_all(count, G, C) :- !, findall(x, G, L), length(L, C).
aggregate_all(sum(E), G, S) :- !, findall(E, G, L), sum_list(L, S).
aggregate_all(max(E), G, M) :- !, findall(E, G, L), L \== [], max_list(L, M).
aggregate_all(min(E), G, M) :- !, findall(E, G, L), L \== [], min_list(L, M).
aggregate_all(bag(E), G, L) :- !, findall(E, G, L).
aggregate_all(set(E), G, S) :- !, findall(E, G, L), sort(L, S).

between(L, H, X) :- integer(X), !, X >= L, ( H == inf -> true ; X =< H ).
between(L, H, X) :- H == inf, !, '$between_inf'(L, X).
between(L, H, X) :- L =< H, '$between'(L, H, X).
'$between'(L, L, X) :- !, X = L.
'$between'(L, _, L).
'$between'(L, H, X) :- L1 is L + 1, '$between'(L1, H, X).
'$between_inf'(L, L).
'$between_inf'(L, X) :- L1 is L + 1, '$between_inf'(L1, X).

clause(H, B) :- '$clauses'(H, L), member((H :- B), L).
current_op(P, T, N) :- '$current_ops'(L), member(op(P, T, N), L).
current_prolog_flag(F, V) :- '$flags'(L), member(F-V, L).

% -- lists ------------------------------------------------------------------
append([], L, L).
append([H|T], L, [H|R]) :- append(T, L, R).
append(Ls, L) :- foldl('$append_rev', Ls, [], R0), reverse(R0, R1), '$concat'(R1, L).
'$append_rev'(L, Acc, [L|Acc]).
'$concat'([], []).
'$concat'([L|Ls], R) :- append(L, R0, R), '$concat'(Ls, R0).

member(X, [H|T]) :- '$member'(T, X, H).
'$member'(_, X, X).
'$member'([H|T], X, _) :- '$member'(T, X, H).
memberchk(X, L) :- member(X, L), !.

length(L, N) :-
    '$skip_list'(L, Len, Tail),
    (   integer(N), N < 0
    ->  throw(error(domain_error(not_less_than_zero, N), context(length/2, _)))
    ;   Tail == []
    ->  N = Len
    ;   var(Tail)
    ->  (   integer(N)
        ->  N >= Len, M is N - Len, '$make_list'(M, Tail)
        ;   var(N)
        ->  '$length_gen'(Tail, Len, N)
        ;   throw(error(type_error(integer, N), context(length/2, _)))
        )
    ;   throw(error(type_error(list, L), context(length/2, _)))
    ).
'$length_gen'([], N, N).
'$length_gen'([_|T], N0, N) :- N1 is N0 + 1, '$length_gen'(T, N1, N).

reverse(L, R) :- '$reverse'(L, [], R).
'$reverse'([], R, R).
'$reverse'([H|T], Acc, R) :- '$reverse'(T, [H|Acc], R).

nth0(I, L, E) :- integer(I), !, I >= 0, '$nth'(I, L, E).
nth0(I, L, E) :- var(I), '$nth_gen'(L, E, 0, I).
nth1(I, L, E) :- integer(I), !, I >= 1, I0 is I - 1, '$nth'(I0, L, E).
nth1(I, L, E) :- var(I), '$nth_gen'(L, E, 1, I).
'$nth'(0, [E|_], E) :- !.
'$nth'(I, [_|T], E) :- I1 is I - 1, '$nth'(I1, T, E).
'$nth_gen'([E|_], E, B, B).
'$nth_gen'([_|T], E, B0, B) :- B1 is B0 + 1, '$nth_gen'(T, E, B1, B).

last([X], X) :- !.
last([_|T], X) :- last(T, X).

sum_list(L, S) :- '$sum_list'(L, 0, S).
'$sum_list'([], S, S).
'$sum_list'([X|Xs], S0, S) :- S1 is S0 + X, '$sum_list'(Xs, S1, S).
sumlist(L, S) :- sum_list(L, S).
max_list([H|T], M) :- '$max_list'(T, H, M).
'$max_list'([], M, M).
'$max_list'([H|T], M0, M) :- M1 is max(M0, H), '$max_list'(T, M1, M).
min_list([H|T], M) :- '$min_list'(T, H, M).
'$min_list'([], M, M).
'$min_list'([H|T], M0, M) :- M1 is min(M0, H), '$min_list'(T, M1, M).
max_member(M, L) :- '$max_member'(L, M).
'$max_member'([H|T], M) :- '$max_member_'(T, H, M).
'$max_member_'([], M, M).
'$max_member_'([H|T], M0, M) :- ( H @> M0 -> '$max_member_'(T, H, M) ; '$max_member_'(T, M0, M) ).
min_member(M, L) :- '$min_member'(L, M).
'$min_member'([H|T], M) :- '$min_member_'(T, H, M).
'$min_member_'([], M, M).
'$min_member_'([H|T], M0, M) :- ( H @< M0 -> '$min_member_'(T, H, M) ; '$min_member_'(T, M0, M) ).

numlist(L, H, R) :- L =< H, '$numlist'(L, H, R).
'$numlist'(L, H, R) :- ( L =:= H -> R = [L] ; R = [L|T], L1 is L + 1, '$numlist'(L1, H, T) ).

select(X, [X|T], T).
select(X, [H|T], [H|R]) :- select(X, T, R).
selectchk(X, L, R) :- select(X, L, R), !.
select(X, Xs, Y, Ys) :- '$select4'(Xs, X, Y, Ys).
'$select4'([X|T], X, Y, [Y|T]).
'$select4'([H|T], X, Y, [H|T2]) :- '$select4'(T, X, Y, T2).
exclude(_, [], []).
exclude(P, [H|T], R) :- ( call(P, H) -> R = R1 ; R = [H|R1] ), exclude(P, T, R1).
include(_, [], []).
include(P, [H|T], R) :- ( call(P, H) -> R = [H|R1] ; R = R1 ), include(P, T, R1).
partition(_, [], [], []).
partition(P, [H|T], I, E) :-
    ( call(P, H) -> I = [H|I1], E = E1 ; I = I1, E = [H|E1] ),
    partition(P, T, I1, E1).
delete([], _, []).
delete([H|T], X, R) :- ( H \= X -> R = [H|R1] ; R = R1 ), delete(T, X, R1).
subtract([], _, []).
subtract([H|T], L, R) :- ( memberchk(H, L) -> R = R1 ; R = [H|R1] ), subtract(T, L, R1).
intersection([], _, []).
intersection([H|T], L, R) :- ( memberchk(H, L) -> R = [H|R1] ; R = R1 ), intersection(T, L, R1).
union([], L, L).
union([H|T], L, R) :- ( memberchk(H, L) -> R = R1 ; R = [H|R1] ), union(T, L, R1).
list_to_set(L, S) :- '$lts'(L, [], S).
'$lts'([], _, []).
'$lts'([H|T], Seen, R) :- ( memberchk(H, Seen) -> R = R1 ; R = [H|R1] ), '$lts'(T, [H|Seen], R1).
permutation([], []).
permutation(L, [H|T]) :- select(H, L, R), permutation(R, T).
flatten(L, F) :- '$flatten'(L, [], F0), !, F = F0.
'$flatten'(V, T, [V|T]) :- var(V), !.
'$flatten'([], T, T) :- !.
'$flatten'([H|Rest], T, F) :- !, '$flatten'(H, F1, F), '$flatten'(Rest, T, F1).
'$flatten'(A, T, [A|T]).
sort(L, S, _) :- sort(L, S).
predsort(P, L, Sorted) :-
    length(L, N),
    (   N < 2 -> Sorted = L
    ;   '$predsort'(P, N, L, _, Sorted1), Sorted = Sorted1
    ).
'$predsort'(P, 2, [X1,X2|L], L, R) :- !,
    call(P, Delta, X1, X2), '$sort2'(Delta, X1, X2, R).
'$predsort'(_, 1, [X|L], L, [X]) :- !.
'$predsort'(_, 0, L, L, []) :- !.
'$predsort'(P, N, L1, L3, R) :-
    N1 is N // 2, plus(N1, N2, N),
    '$predsort'(P, N1, L1, L2, R1),
    '$predsort'(P, N2, L2, L3, R2),
    '$predmerge'(P, R1, R2, R).
'$sort2'(<, X1, X2, [X1,X2]).
'$sort2'(=, X1, _, [X1]).
'$sort2'(>, X1, X2, [X2,X1]).
'$predmerge'(_, [], R, R) :- !.
'$predmerge'(_, R, [], R) :- !.
'$predmerge'(P, [H1|T1], [H2|T2], Result) :-
    call(P, Delta, H1, H2), !,
    '$predmerge_'(Delta, P, H1, H2, T1, T2, Result).
'$predmerge_'(<, P, H1, H2, T1, T2, [H1|R]) :- '$predmerge'(P, T1, [H2|T2], R).
'$predmerge_'(=, P, H1, _, T1, T2, [H1|R]) :- '$predmerge'(P, T1, T2, R).
'$predmerge_'(>, P, H1, H2, T1, T2, [H2|R]) :- '$predmerge'(P, [H1|T1], T2, R).
pairs_keys_values([], [], []).
pairs_keys_values([K-V|T], [K|Ks], [V|Vs]) :- pairs_keys_values(T, Ks, Vs).
pairs_keys([], []).
pairs_keys([K-_|T], [K|Ks]) :- pairs_keys(T, Ks).
pairs_values([], []).
pairs_values([_-V|T], [V|Vs]) :- pairs_values(T, Vs).

maplist(_, []).
maplist(G, [A|As]) :- call(G, A), maplist(G, As).
maplist(_, [], []).
maplist(G, [A|As], [B|Bs]) :- call(G, A, B), maplist(G, As, Bs).
maplist(_, [], [], []).
maplist(G, [A|As], [B|Bs], [C|Cs]) :- call(G, A, B, C), maplist(G, As, Bs, Cs).
maplist(_, [], [], [], []).
maplist(G, [A|As], [B|Bs], [C|Cs], [D|Ds]) :- call(G, A, B, C, D), maplist(G, As, Bs, Cs, Ds).
foldl(G, L, V0, V) :- '$foldl'(L, G, V0, V).
'$foldl'([], _, V, V).
'$foldl'([X|Xs], G, V0, V) :- call(G, X, V0, V1), '$foldl'(Xs, G, V1, V).
foldl(G, L1, L2, V0, V) :- '$foldl'(L1, L2, G, V0, V).
'$foldl'([], [], _, V, V).
'$foldl'([X|Xs], [Y|Ys], G, V0, V) :- call(G, X, Y, V0, V1), '$foldl'(Xs, Ys, G, V1, V).

% -- lambda expressions (library(yall)): [X1,...]>>Goal, Free/[X1,...]>>Goal --
'>>'(Ps, B) :- '$lambda'(Ps, B, []).
'>>'(Ps, B, A1) :- '$lambda'(Ps, B, [A1]).
'>>'(Ps, B, A1, A2) :- '$lambda'(Ps, B, [A1, A2]).
'>>'(Ps, B, A1, A2, A3) :- '$lambda'(Ps, B, [A1, A2, A3]).
'>>'(Ps, B, A1, A2, A3, A4) :- '$lambda'(Ps, B, [A1, A2, A3, A4]).
'>>'(Ps, B, A1, A2, A3, A4, A5) :- '$lambda'(Ps, B, [A1, A2, A3, A4, A5]).
'>>'(Ps, B, A1, A2, A3, A4, A5, A6) :- '$lambda'(Ps, B, [A1, A2, A3, A4, A5, A6]).
'$lambda'(Free/Ps, B, Args) :- !,
    copy_term('$lambda'(Free, Ps, B), '$lambda'(Free2, Ps2, B2)), Free2 = Free,
    '$lambda_bind'(Ps2, Args, Rest), '$lambda_call'(B2, Rest).
'$lambda'(Ps, B, Args) :-
    copy_term('$lambda'(Ps, B), '$lambda'(Ps2, B2)),
    '$lambda_bind'(Ps2, Args, Rest), '$lambda_call'(B2, Rest).
'$lambda_bind'([], Rest, Rest) :- !.
'$lambda_bind'([P|Ps], [A|As], Rest) :- !, P = A, '$lambda_bind'(Ps, As, Rest).
'$lambda_bind'(_, [], []).
'$lambda_call'(G, []) :- !, call(G).
'$lambda_call'(G, Extra) :- G =.. L0, append(L0, Extra, L1), G1 =.. L1, call(G1).

% -- text -------------------------------------------------------------------
atom_concat(X, Y, Z) :- var(X), var(Y), !, '$atom_splits'(Z, L), member(X-Y, L).
atom_concat(X, Y, Z) :- '$atom_concat'(X, Y, Z).
sub_atom(Atom, B, L, A, Sub) :- '$sub_atoms'(Atom, B, L, A, Sub, List), member(B-L-A-Sub, List).
concat_atom(L, R) :- atomic_list_concat(L, R).
concat_atom(L, S, R) :- atomic_list_concat(L, S, R).

% -- grammar rules ------------------------------------------------------------
phrase(G, L) :- phrase(G, L, []).
phrase(G, L, R) :- '$dcg_body'(G, S0, S, Goal), S0 = L, S = R, call(Goal).
"""
