% Benchmark: all solutions of the N-queens problem for N = 8 (92 solutions),
% repeated.
:- initialization(main).

queens(N, Qs) :-
    numlist(1, N, Ns),
    place(Ns, [], Qs).

place([], Qs, Qs).
place(Unplaced, Safe, Qs) :-
    select(Q, Unplaced, Rest),
    \+ attacks(Q, Safe, 1),
    place(Rest, [Q|Safe], Qs).

attacks(Q, [Q1|_], D) :- Q =:= Q1 + D.
attacks(Q, [Q1|_], D) :- Q =:= Q1 - D.
attacks(Q, [_|Qs], D) :- D1 is D + 1, attacks(Q, Qs, D1).

% Repetitions (bench/run --quick lowers it).
size(10).

count(N, C) :- findall(x, queens(N, _), L), length(L, C).

repeat_count(0, _, C, C) :- !.
repeat_count(K, N, _, C) :- count(N, C1), K1 is K - 1, repeat_count(K1, N, C1, C).

main :-
    size(K),
    repeat_count(K, 8, 0, C),
    write(solutions(C)), nl,
    halt.
