% List processing with the library predicates and hand-written recursion.
:- initialization(main).

sum([], 0).
sum([X|Xs], S) :- sum(Xs, S0), S is S0 + X.

double(X, Y) :- Y is 2 * X.
even(X) :- X mod 2 =:= 0.
add(X, Acc0, Acc) :- Acc is Acc0 + X.

quicksort([], []).
quicksort([P|Xs], Sorted) :-
    partition_pivot(Xs, P, Small, Large),
    quicksort(Small, S1), quicksort(Large, S2),
    append(S1, [P|S2], Sorted).
partition_pivot([], _, [], []).
partition_pivot([X|Xs], P, [X|S], L) :- X =< P, !, partition_pivot(Xs, P, S, L).
partition_pivot([X|Xs], P, S, [X|L]) :- partition_pivot(Xs, P, S, L).

zip([], [], []).
zip([X|Xs], [Y|Ys], [X-Y|Zs]) :- zip(Xs, Ys, Zs).

main :-
    L = [3, 1, 4, 1, 5, 9, 2, 6, 5, 3, 5],
    sum(L, S), write(sum(S)), nl,
    sum_list(L, S2), write(sum_list(S2)), nl,
    length(L, Len), write(length(Len)), nl,
    reverse(L, R), write(reverse(R)), nl,
    msort(L, Ms), write(msort(Ms)), nl,
    sort(L, Ss), write(sort(Ss)), nl,
    sort(0, @>=, L, Desc), write(desc(Desc)), nl,
    quicksort(L, Q), write(quicksort(Q)), nl,
    max_list(L, Max), min_list(L, Min), write(max_min(Max, Min)), nl,
    nth0(0, L, N0), nth1(4, L, N4), write(nth(N0, N4)), nl,
    last(L, Last), write(last(Last)), nl,
    append(Front, [9|Back], L), write(split(Front, Back)), nl,
    findall(X-Y, append(X, Y, [a, b, c]), Splits), write(Splits), nl,
    maplist(double, [1, 2, 3], Ds), write(doubled(Ds)), nl,
    include(even, L, Evens), exclude(even, L, Odds), write(Evens/Odds), nl,
    foldl(add, L, 0, Total), write(foldl(Total)), nl,
    numlist(1, 10, Ns), write(Ns), nl,
    length(Fresh, 3), write(fresh_length(3)), nl, Fresh = [a|_],
    findall(P, permutation([1, 2, 3], P), Ps), write(Ps), nl,
    findall(E-Rest, select(E, [x, y, z], Rest), Sel), write(Sel), nl,
    ( memberchk(5, L) -> write(has_5) ; write(no_5) ), nl,
    list_to_set(L, Set), write(set(Set)), nl,
    subtract([1, 2, 3, 4], [2, 4], Sub), intersection([1, 2, 3], [2, 3, 4], Int),
    union([1, 2], [2, 3], Uni), write(Sub/Int/Uni), nl,
    delete([a, b, a, c], a, Del), write(Del), nl,
    flatten([1, [2, [3, 4]], [], [[5]]], Flat), write(Flat), nl,
    zip([a, b, c], [1, 2, 3], Z), write(Z), nl,
    keysort([b-2, a-1, c-0, a-0], KS), write(KS), nl,
    pairs_keys_values(Pairs, [k1, k2], [v1, v2]), write(Pairs), nl,
    length(LL, N), N >= 2, !, length(LL, N2), write(generated(N2)), nl,
    atom_length(abc, AL), write(AL), nl,
    findall(I, between(1, 5, I), Is), write(Is), nl,
    sumlist([1.5, 2], FS), write(FS), nl,
    msort([b, 2, a, 1.0, f(x), "s", Z0, [1]], Order), Order = [V0|_], ( var(V0) -> true ; true ),
    length(Order, OL), write(OL), nl, Z0 = z,
    halt.
